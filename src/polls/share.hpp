// A question's share link, as the address the visitor used to reach it, and its QR code.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "web/pages.hpp"

namespace polls::polls_app {

// "http://host:port/polls/3/": the scheme this request came over (web::Pages::is_https) and its
// Host header, which the proxy in front passes on. nullopt without a Host that is a plain host
// name, IPv4 or bracketed IPv6 address with an optional port (an HTTP/1.0 request may have
// none; anything else is not put in front of people).
std::optional<std::string> share_url(const web::Pages& pages, const httplib::Request& req,
                                     std::string_view path);

// The QR code of url as inline SVG (render/qr_svg.hpp). Each URL is encoded once and kept, at
// most a thousand of them, since every question page shows one.
std::string share_code_svg(const std::string& url);

}  // namespace polls::polls_app
