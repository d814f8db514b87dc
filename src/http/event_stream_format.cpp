// See event_stream_format.hpp.
#include "http/event_stream_format.hpp"

#include <array>

namespace polls::http::sse {

namespace {
// What the field grammar forbids inside a value.
bool breaks_a_field(char c) { return c == '\n' || c == '\r' || c == '\0'; }
}  // namespace

std::string retry(std::chrono::milliseconds delay) {
  return "retry: " + std::to_string(delay.count()) + "\n\n";
}

std::string event(std::string_view id, std::string_view data) {
  std::string out;
  out.reserve(id.size() + data.size() + 16);
  out += "id: ";
  for (const char c : id) {
    if (!breaks_a_field(c)) out += c;
  }
  out += '\n';
  // Every line of the data is a field of its own; the client joins them back with "\n".
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = data.find('\n', start);
    out += "data: ";
    out.append(data.substr(start, end == std::string_view::npos ? end : end - start));
    out += '\n';
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  out += '\n';
  return out;
}

std::string last_event_id(std::string_view header_value) {
  // An id of ours is short printable ASCII; anything else is someone else's (or garbage) and
  // is treated as no id at all, which only costs that client a full refresh.
  constexpr std::size_t kLongestId = 128;
  if (header_value.size() > kLongestId) return {};
  for (const char c : header_value) {
    if (c < 0x20 || c > 0x7e) return {};
  }
  return std::string(header_value);
}

std::string chunk_prefix(std::size_t size) {
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string digits;
  do {
    digits.insert(digits.begin(), kHex[size % 16]);
    size /= 16;
  } while (size != 0);
  return digits + "\r\n";
}

}  // namespace polls::http::sse
