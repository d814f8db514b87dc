// A QR code as an inline SVG element for an HTML page: the symbol of text/qr_code.hpp with its
// quiet zone, in one path, sized by CSS (class "qr-code") rather than by attributes.
#pragma once

#include <string>
#include <string_view>

#include "text/qr_code.hpp"

namespace polls::render {

// <svg> with a <title> (the accessible name, escaped here), a white background with a 4-module
// quiet zone, and the dark modules. Attributes only, no style: the site's CSP has no
// 'unsafe-inline' for styles. One unit of the viewBox is one module.
std::string qr_svg(const text::qr::Matrix& matrix, std::string_view title);

}  // namespace polls::render
