// See request_id.hpp.
#include "http/request_id.hpp"

#include <sys/random.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>

namespace polls::http {

namespace {

constexpr std::string_view kHex = "0123456789abcdef";

// Eight hex digits that tell this process's ids from another's. Straight from the kernel: it is
// no secret, and OpenSSL's first random draw (seeding its generator) was a fifth of the
// instructions from exec to the first page.
std::string process_prefix() {
  std::uint32_t bits = 0;
  if (::getrandom(&bits, sizeof bits, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof bits)) {
    // No bytes from the kernel (its pool not ready at early boot; getrandom refused by a seccomp
    // filter or missing): the pid and the clock still tell processes apart. The pid is spread
    // over all 32 bits by Knuth's multiplicative hash (2^32 / the golden ratio), so that
    // neighbouring pids do not differ only in the low digits the clock also moves.
    bits = static_cast<std::uint32_t>(::getpid()) * 2654435761U ^
           static_cast<std::uint32_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  std::string prefix(8, '0');
  for (char& c : prefix) {
    c = kHex[bits & 0xf];
    bits >>= 4;
  }
  return prefix;
}

}  // namespace

std::string new_request_id() {
  static const std::string prefix = process_prefix();
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t n = counter.fetch_add(1) + 1;
  // "-" and at least 8 hex digits, written by hand: snprintf showed in profiles.
  std::string id = prefix + "-00000000";
  char digits[16];
  std::size_t count = 0;
  do {
    digits[count++] = kHex[n & 0xf];
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
