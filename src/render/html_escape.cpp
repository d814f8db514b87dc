// See html_escape.hpp.
#include "render/html_escape.hpp"

#include <string_view>

namespace polls::render {

namespace {

constexpr std::string_view kSpecial = "&<>\"'";

std::string_view entity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    default:
      return "&apos;";
  }
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::size_t special = text.find_first_of(kSpecial);
  if (special == std::string::npos) return text;
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t done = 0;
  while (special != std::string::npos) {
    out.append(text, done, special - done);
    out += entity(text[special]);
    done = special + 1;
    special = text.find_first_of(kSpecial, done);
  }
  out.append(text, done);
  return out;
}

}  // namespace polls::render
