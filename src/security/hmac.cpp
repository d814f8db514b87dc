// HMAC-SHA256, SHA-256 and constant-time comparison on top of OpenSSL's libcrypto.
#include "security/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <climits>
#include <stdexcept>

namespace polls::security {

std::string hmac_sha256(std::string_view key, std::string_view msg) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  // HMAC() with a NULL key pointer is an error in OpenSSL 3: point an empty key at a valid byte.
  static const unsigned char kEmpty = 0;
  const auto* key_ptr = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  const auto* msg_ptr = msg.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(msg.data());
  if (key.size() > static_cast<std::size_t>(INT_MAX) ||
      HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()), msg_ptr, msg.size(), out,
           &out_len) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return {reinterpret_cast<const char*>(out), out_len};
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  // Different lengths are unequal; the length of a token is not a secret.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string sha256_hex(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  static const unsigned char kEmpty = 0;
  const void* ptr = data.empty() ? static_cast<const void*>(&kEmpty) : data.data();
  if (EVP_Digest(ptr, data.size(), out, &out_len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex({reinterpret_cast<const char*>(out), out_len});
}

std::string hex(std::string_view bytes) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0f]);
  }
  return out;
}

}  // namespace polls::security
