// Reading a field of a submitted form, whichever encoding the client used: urlencoded (parsed by
// our own parser, never merged with the query string) or multipart/form-data (parsed by httplib).
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "http/form.hpp"

namespace polls::web {

// The first value of the field; nullopt when absent. A body that is not a valid form (bad %
// escapes, invalid UTF-8, too many fields) throws http::BadRequest: a 400 for a broken client.
std::optional<std::string> form_field(const httplib::Request& req, std::string_view name);

// Every field of the submitted form, in order (for forms with many fields: parsed once). Throws
// http::BadRequest as form_field does.
http::Form read_form(const httplib::Request& req);

}  // namespace polls::web
