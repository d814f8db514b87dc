// The security headers every response carries, and the Content-Security-Policy our pages satisfy
// (no inline script or style: CSS and images come from /static/).
#pragma once

#include <httplib.h>

#include <string_view>

namespace polls::http {

void add_security_headers(httplib::Response& res);

// The same headers as the lines of a response head ("Name: value\r\n" each), for a response
// written without going through its Headers map (server_plain.cpp).
std::string_view security_header_lines();

}  // namespace polls::http
