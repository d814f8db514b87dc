// Random bytes and tokens from OpenSSL's CSPRNG.
#include "security/random.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace polls::security {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t done = 0;
  // RAND_bytes takes an int length: fill in chunks so huge requests cannot overflow it.
  while (done < n) {
    const std::size_t chunk = std::min<std::size_t>(n - done, INT_MAX);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data() + done), static_cast<int>(chunk)) !=
        1) {
      throw std::runtime_error("RAND_bytes failed: no secure random bytes available");
    }
    done += chunk;
  }
  return out;
}

std::string random_token(std::size_t n, std::string_view alphabet) {
  if (alphabet.empty() || alphabet.size() > 256) {
    throw std::invalid_argument("random_token: alphabet must hold 1 to 256 characters");
  }
  const std::size_t size = alphabet.size();
  // Rejection sampling: a byte at or past the largest multiple of size would favour the first
  // characters (256 % 62 = 8 of them would be 1/32 more likely), so such bytes are drawn again.
  const std::size_t limit = 256 - (256 % size);
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    // Ask for a little more than needed so that one call usually suffices despite rejections.
    const std::string pool = random_bytes(n - out.size() + 8);
    for (const char c : pool) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < limit) {
        out.push_back(alphabet[byte % size]);
        if (out.size() == n) break;
      }
    }
  }
  return out;
}

}  // namespace polls::security
