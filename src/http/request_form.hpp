// The submitted form of a request, whichever encoding the client used: urlencoded (parsed by our
// own parser, never merged with the query string) or multipart/form-data (parsed by httplib).
// Views read it through Params::form(), which parses it once per request.
#pragma once

#include <httplib.h>

#include "http/form.hpp"

namespace polls::http {

// Every field of the request body, in order. A body that is not a valid form (bad % escapes,
// invalid UTF-8, too many fields) throws BadRequest: a 400 for a broken client.
Form request_form(const httplib::Request& req);

}  // namespace polls::http
