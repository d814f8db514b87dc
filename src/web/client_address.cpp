// The client's address: see client_address.hpp.
#include "web/client_address.hpp"

#include "text/trim.hpp"

namespace polls::web {

std::string client_address(const httplib::Request& req, bool trust_x_forwarded_for) {
  if (trust_x_forwarded_for && req.has_header("X-Forwarded-For")) {
    const std::string value = req.get_header_value("X-Forwarded-For");  // a copy: keep it alive
    std::string_view header = value;
    const std::size_t comma = header.rfind(',');
    if (comma != std::string_view::npos) header.remove_prefix(comma + 1);
    header = text::trim(header, " ");
    if (!header.empty() && header.size() <= 64) return std::string(header);
  }
  return req.remote_addr;
}

}  // namespace polls::web
