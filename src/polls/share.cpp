// The share link and its QR code: see share.hpp.
#include "polls/share.hpp"

#include <mutex>
#include <unordered_map>

#include "render/qr_svg.hpp"
#include "text/qr_code.hpp"

namespace polls::polls_app {

namespace {

constexpr std::size_t kMaxHostLength = 255;
constexpr std::size_t kMaxCachedCodes = 1000;

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

bool digits(std::string_view text) {
  return !text.empty() && text.size() <= 5 &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool plain_host(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostLength) return false;
  if (host.front() == '[') {  // [v6]:port
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    if (host.substr(1, close - 1).find_first_not_of("0123456789abcdefABCDEF:.") !=
        std::string_view::npos) {
      return false;
    }
    const std::string_view rest = host.substr(close + 1);
    return rest.empty() || (rest.front() == ':' && digits(rest.substr(1)));
  }
  const std::size_t colon = host.find(':');
  const std::string_view name = host.substr(0, colon);
  if (name.empty()) return false;
  for (const char c : name) {
    if (!host_char(c)) return false;
  }
  return colon == std::string_view::npos || digits(host.substr(colon + 1));
}

}  // namespace

std::optional<std::string> share_url(const web::Pages& pages, const httplib::Request& req,
                                     std::string_view path) {
  const std::string host = req.get_header_value("Host");
  if (!plain_host(host)) return std::nullopt;
  return (pages.is_https(req) ? "https://" : "http://") + host + std::string(path);
}

std::string share_code_svg(const std::string& url) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::string> codes;
  {
    const std::lock_guard lock(mutex);
    if (const auto it = codes.find(url); it != codes.end()) return it->second;
  }
  std::string svg = render::qr_svg(text::qr::encode(url), "QR code of " + url);
  const std::lock_guard lock(mutex);
  if (codes.size() >= kMaxCachedCodes) codes.clear();  // a flood of made-up Host headers
  codes.emplace(url, svg);
  return svg;
}

}  // namespace polls::polls_app
