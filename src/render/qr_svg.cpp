// See qr_svg.hpp.
#include "render/qr_svg.hpp"

#include "render/html_escape.hpp"

namespace polls::render {
namespace {

// The light margin a scanner needs around the symbol (ISO/IEC 18004, 6.3.8).
constexpr int kQuietZone = 4;

// The dark modules as one path: a rectangle per horizontal run, which keeps it several times
// shorter than a square per module. "Mx yhNv1Hxz": from the run's top left, across, down, back.
std::string dark_path(const text::qr::Matrix& matrix) {
  std::string path;
  for (int y = 0; y < matrix.size(); ++y) {
    for (int x = 0; x < matrix.size();) {
      if (!matrix.dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (matrix.dark(x, y)) ++x;  // dark() is false past the edge
      const std::string left = std::to_string(start + kQuietZone);
      path.append("M").append(left).append(" ").append(std::to_string(y + kQuietZone));
      path.append("h").append(std::to_string(x - start)).append("v1H").append(left).append("z");
    }
  }
  return path;
}

}  // namespace

std::string qr_svg(const text::qr::Matrix& matrix, std::string_view title) {
  const std::string side = std::to_string(matrix.size() + 2 * kQuietZone);
  return R"(<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 )" + side + ' ' +
         side + R"(" role="img" shape-rendering="crispEdges"><title>)" +
         html_escape(std::string(title)) + R"(</title><rect width=")" + side + R"(" height=")" +
         side + R"(" fill="#fff"/><path fill="#000" d=")" + dark_path(matrix) + R"("/></svg>)";
}

}  // namespace polls::render
