// See request_id.hpp.
#include "http/request_id.hpp"

#include <atomic>
#include <cstdint>

#include "security/random.hpp"

namespace polls::http {

std::string new_request_id() {
  static const std::string prefix = security::random_token(8, "0123456789abcdef");
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t n = counter.fetch_add(1) + 1;
  // "-" and at least 8 hex digits, written by hand: snprintf showed in profiles.
  std::string id = prefix + "-00000000";
  char digits[16];
  std::size_t count = 0;
  do {
    digits[count++] = "0123456789abcdef"[n & 0xf];
    n >>= 4;
  } while (n != 0);
  if (count > 8) id.append(count - 8, '0');
  for (std::size_t i = 0; i < count; ++i) id[id.size() - 1 - i] = digits[i];
  return id;
}

bool is_acceptable_request_id(std::string_view value) {
  if (value.empty() || value.size() > 64) return false;
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace polls::http
