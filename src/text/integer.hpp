// Checked decimal integers: the whole text or nothing, in range or nothing.
#pragma once

#include <charconv>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string_view>
#include <system_error>

namespace polls::text {

// text as std::from_chars reads a decimal T, when that reading takes all of it: a '-' only for
// a signed T, no '+', no white space, no empty text, nothing outside T's range.
template <std::integral T>
std::optional<T> parse_integer(std::string_view text) {
  T value{};
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end) return std::nullopt;
  return value;
}

// Digits only ([0-9]+, as Django's <int:> path converter), read as a T: no sign at all.
template <std::integral T>
std::optional<T> parse_digits(std::string_view text) {
  if (!text.empty() && text.front() == '-') return std::nullopt;
  return parse_integer<T>(text);
}

// The count digits at text[at, at + count), as a fixed-width field of a date or a time ("2026"
// in "2026-07-14"); nullopt when the text is shorter or one of them is not a digit.
inline std::optional<int> fixed_digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at > text.size() || count > text.size() - at) return std::nullopt;
  return parse_digits<int>(text.substr(at, count));
}

}  // namespace polls::text
