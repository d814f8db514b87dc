// The security headers every response carries (http/security_headers): as Headers entries for
// cpp-httplib's writer, and as prepared lines for the responses polls writes itself.
#include "http/security_headers.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace http = polls::http;

TEST_CASE("the security header lines are the headers add_security_headers sets") {
  httplib::Response res;
  http::add_security_headers(res);
  std::size_t count = 0;
  for (std::string_view rest = http::security_header_lines(); !rest.empty(); ++count) {
    const std::size_t end = rest.find("\r\n");
    REQUIRE(end != std::string_view::npos);
    const std::string_view line = rest.substr(0, end);
    const std::size_t colon = line.find(": ");
    REQUIRE(colon != std::string_view::npos);
    CHECK(res.get_header_value(std::string(line.substr(0, colon))) == line.substr(colon + 2));
    rest.remove_prefix(end + 2);
  }
  CHECK(count == res.headers.size());
}
