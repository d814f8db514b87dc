// HMAC-SHA256, SHA-256 and constant-time comparison on top of OpenSSL's libcrypto.
#include "security/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdexcept>

namespace polls::security {

namespace {

// An HMAC context per thread, keyed once and restarted for each message: every caller signs
// with the site's one SECRET_KEY, and keying it (a provider fetch, two SHA-256 blocks of pads)
// costs more than the short message. A different key keys it again.
class KeyedHmac {
 public:
  KeyedHmac() = default;
  KeyedHmac(const KeyedHmac&) = delete;
  KeyedHmac& operator=(const KeyedHmac&) = delete;
  ~KeyedHmac() {
    EVP_MAC_CTX_free(ctx_);
    OPENSSL_cleanse(key_.data(), key_.size());
  }

  std::string sign(std::string_view key, std::string_view msg) {
    // HMAC with a NULL key pointer is an error in OpenSSL 3: point an empty key at a valid byte.
    static const unsigned char kEmpty = 0;
    const auto* key_ptr =
        key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
    const auto* msg_ptr =
        msg.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(msg.data());
    if (ctx_ == nullptr) {
      static EVP_MAC* const kHmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
      if (kHmac == nullptr || (ctx_ = EVP_MAC_CTX_new(kHmac)) == nullptr) fail();
    }
    if (!keyed_ || key != key_) {
      char digest[] = "SHA256";
      const OSSL_PARAM params[] = {
          OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
          OSSL_PARAM_construct_end()};
      keyed_ = false;
      if (EVP_MAC_init(ctx_, key_ptr, key.size(), params) != 1) fail();
      OPENSSL_cleanse(key_.data(), key_.size());
      key_.assign(key);
      keyed_ = true;
    } else if (EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1) {  // the same key, restarted
      fail();
    }
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t out_len = 0;
    if (EVP_MAC_update(ctx_, msg_ptr, msg.size()) != 1 ||
        EVP_MAC_final(ctx_, out, &out_len, sizeof out) != 1) {
      fail();
    }
    return {reinterpret_cast<const char*>(out), out_len};
  }

 private:
  [[noreturn]] void fail() {
    keyed_ = false;
    throw std::runtime_error("HMAC-SHA256 failed");
  }

  EVP_MAC_CTX* ctx_ = nullptr;
  std::string key_;
  bool keyed_ = false;
};

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view msg) {
  thread_local KeyedHmac hmac;
  return hmac.sign(key, msg);
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
  // Fetched once: EVP_sha256() makes EVP_Digest look the algorithm up in the provider on every
  // call, which costs more than hashing a page (every API response and session key is hashed).
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (kSha256 == nullptr || EVP_Digest(ptr, data.size(), out, &out_len, kSha256, nullptr) != 1) {
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
