// Trimming text: each caller names the characters its format calls blank.
#pragma once

#include <string_view>

namespace polls::text {

// HTTP's optional white space (RFC 9110, section 5.6.3).
constexpr std::string_view kSpaceAndTab = " \t";
// Spaces, tabs and line breaks: what a hand-written value or a form field may be wrapped in.
constexpr std::string_view kWhitespace = " \t\r\n";

// text without the leading and trailing characters that are in blanks.
constexpr std::string_view trim(std::string_view text, std::string_view blanks) {
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(blanks);
  return text.substr(first, last - first + 1);
}

}  // namespace polls::text
