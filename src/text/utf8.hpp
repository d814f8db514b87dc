// UTF-8, defined once (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), and
// the few operations on it that forms, limits and logs need.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace polls::text {

// One code point read from UTF-8 text and how many bytes it took.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

// The well-formed code point that starts at text[at], or nullopt when the bytes there are not
// one (a stray continuation byte, a truncated sequence, an overlong form, a surrogate, past
// U+10FFFF). at must be less than text.size().
std::optional<CodePoint> decode_utf8(std::string_view text, std::size_t at);

// Whether text is well-formed UTF-8 throughout.
bool is_valid_utf8(std::string_view text);

// The longest prefix of valid UTF-8 text that is at most max_bytes long and does not end inside
// a character.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// The first max_code_points characters of valid UTF-8 text (all of it if it is shorter): what a
// varchar(N) column keeps.
std::string_view utf8_first_code_points(std::string_view text, std::size_t max_code_points);

// The number of characters (code points) in valid UTF-8 text: what a varchar(N) limit counts.
std::size_t utf8_length(std::string_view text);

}  // namespace polls::text
