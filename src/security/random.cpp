// Random bytes and tokens from OpenSSL's CSPRNG.
#include "security/random.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace polls::security {

namespace {

// Fills out from the CSPRNG; throws if it fails.
void fill_random(unsigned char* out, std::size_t n) {
  std::size_t done = 0;
  // RAND_bytes takes an int length: fill in chunks so huge requests cannot overflow it.
  while (done < n) {
    const std::size_t chunk = std::min<std::size_t>(n - done, INT_MAX);
    if (RAND_bytes(out + done, static_cast<int>(chunk)) != 1) {
      throw std::runtime_error("RAND_bytes failed: no secure random bytes available");
    }
    done += chunk;
  }
}

// Counts forks: a child must not hand out the bytes its parent's blocks hold (the parent would
// hand out the same ones), so a block filled before a fork is thrown away after it.
std::atomic<std::uint64_t> forks{0};
void count_fork() { forks.fetch_add(1, std::memory_order_relaxed); }

// Small draws come from a per-thread block of the CSPRNG's output: each RAND_bytes call costs
// some 7,000 instructions (locks, the DRBG's bookkeeping) whatever its size, and a form page
// draws twice (a new CSRF secret, its mask). Bytes are handed out once and wiped as they go.
class RandomBlock {
 public:
  RandomBlock() {
    static const bool kWatchingForks = [] {
      return pthread_atfork(nullptr, nullptr, count_fork) == 0;
    }();
    (void)kWatchingForks;  // without it (it cannot fail but for memory), forks would not be seen
  }
  ~RandomBlock() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
  void take(unsigned char* out, std::size_t n) {
    if (filled_at_fork_ != forks.load(std::memory_order_relaxed)) {
      OPENSSL_cleanse(bytes_.data(), bytes_.size());
      next_ = bytes_.size();
    }
    while (n > 0) {
      if (next_ == bytes_.size()) {
        filled_at_fork_ = forks.load(std::memory_order_relaxed);
        fill_random(bytes_.data(), bytes_.size());
        next_ = 0;
      }
      const std::size_t chunk = std::min(n, bytes_.size() - next_);
      std::memcpy(out, bytes_.data() + next_, chunk);
      OPENSSL_cleanse(bytes_.data() + next_, chunk);
      next_ += chunk;
      out += chunk;
      n -= chunk;
    }
  }

 private:
  std::array<unsigned char, 4096> bytes_{};
  std::size_t next_ = bytes_.size();  // empty until first used
  std::uint64_t filled_at_fork_ = 0;
};

constexpr std::size_t kLargestFromBlock = 256;

}  // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  auto* data = reinterpret_cast<unsigned char*>(out.data());
  if (n <= kLargestFromBlock) {
    thread_local RandomBlock block;
    block.take(data, n);
  } else {
    fill_random(data, n);
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
