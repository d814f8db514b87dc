// ASCII case: for protocol words (header names, schemes, host names, config words), where only
// A-Z and a-z are the same letter and no locale may decide otherwise.
#pragma once

#include <string>
#include <string_view>

namespace polls::text {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// text with A-Z turned to a-z; every other byte as it is.
std::string ascii_lower(std::string_view text);

// Whether a and b are the same when A-Z and a-z are not told apart.
bool iequals(std::string_view a, std::string_view b);

}  // namespace polls::text
