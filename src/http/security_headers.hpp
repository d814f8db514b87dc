// The security headers every response carries, and the Content-Security-Policy our pages satisfy
// (no inline script or style: CSS and images come from /static/).
#pragma once

#include <httplib.h>

namespace polls::http {

void add_security_headers(httplib::Response& res);

}  // namespace polls::http
