// Tests for render/qr_svg: the element's frame, and a path that paints exactly the matrix's
// dark modules, one rectangle per horizontal run.
#include "render/qr_svg.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "text/qr_code.hpp"

// Pure: run once, on SQLite's run (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::render::qr_svg;
using polls::text::qr::encode;
using polls::text::qr::Matrix;

namespace {

// The d attribute of the one path.
std::string path_data(const std::string& svg) {
  const std::string open = R"(<path fill="#000" d=")";
  const auto start = svg.find(open);
  REQUIRE(start != std::string::npos);
  const auto from = start + open.size();
  return svg.substr(from, svg.find('"', from) - from);
}

// Paints the path's rectangles ("Mx yhWv1Hxz") on a side × side grid, counting each module
// painted; anything else in the path fails.
std::vector<std::vector<int>> paint(const std::string& d, int side, int& rectangles) {
  const auto rows = static_cast<std::size_t>(side);
  std::vector<std::vector<int>> painted(rows, std::vector<int>(rows, 0));
  const std::regex rectangle(R"(M(\d+) (\d+)h(\d+)v1H(\d+)z)");
  auto next = d.cbegin();
  std::smatch match;
  rectangles = 0;
  while (next != d.cend()) {
    REQUIRE(std::regex_search(next, d.cend(), match, rectangle,
                              std::regex_constants::match_continuous));
    const int x = std::stoi(match[1]);
    const int y = std::stoi(match[2]);
    const int width = std::stoi(match[3]);
    CHECK(std::stoi(match[4]) == x);
    REQUIRE(x + width <= side);
    REQUIRE(y < side);
    for (int k = x; k < x + width; ++k) {
      ++painted[static_cast<std::size_t>(y)][static_cast<std::size_t>(k)];
    }
    ++rectangles;
    next = match[0].second;
  }
  return painted;
}

}  // namespace

TEST_CASE("qr_svg frames the symbol for an HTML page, with an escaped title and no style") {
  const Matrix matrix = encode("http://127.0.0.1:8000/polls/1/");  // version 3: 29 modules
  const std::string svg = qr_svg(matrix, R"(Scan "Tom & Jerry's" <poll>)");
  CHECK(svg.starts_with(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 37 37" role="img" )"
      R"(shape-rendering="crispEdges"><title>Scan &quot;Tom &amp; Jerry&apos;s&quot; )"
      R"(&lt;poll&gt;</title><rect width="37" height="37" fill="#fff"/><path fill="#000" d="M4 4h7v1H4z)"));
  CHECK(svg.ends_with(R"("/></svg>)"));
  CHECK(svg.find("style") == std::string::npos);
  const std::string svg_tag = svg.substr(0, svg.find('>'));
  CHECK(svg_tag.find("width") == std::string::npos);  // CSS sizes it, through its class
  CHECK(svg_tag.find("height") == std::string::npos);
  CHECK(svg.find("<path") == svg.rfind("<path"));
}

TEST_CASE("qr_svg's path paints every dark module once, each run one rectangle") {
  for (const char* text : {"Django polls", "http://127.0.0.1:8000/polls/1/?q=long-enough-for-v4"}) {
    const Matrix matrix = encode(text);
    const int side = matrix.size() + 8;  // a 4-module quiet zone each side
    int rectangles = 0;
    const auto painted = paint(path_data(qr_svg(matrix, "t")), side, rectangles);
    int runs = 0;
    for (int y = 0; y < side; ++y) {
      for (int x = 0; x < side; ++x) {
        const bool dark = matrix.dark(x - 4, y - 4);
        CHECK(painted[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] == (dark ? 1 : 0));
        if (dark && !matrix.dark(x - 5, y - 4)) ++runs;
      }
    }
    CHECK(rectangles == runs);
  }
}

TEST_SUITE_END();
