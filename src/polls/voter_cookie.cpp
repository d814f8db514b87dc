// Signing and reading the voter cookie: see voter_cookie.hpp.
#include "polls/voter_cookie.hpp"

#include "security/hmac.hpp"
#include "security/random.hpp"

namespace polls::polls_app {

namespace {

constexpr std::size_t kIdHexDigits = 32;
constexpr std::size_t kSignatureHexDigits = 32;  // 128 bits of HMAC-SHA256

std::string signature(std::string_view secret_key, std::string_view id) {
  // Salted like Django's signing, so that this HMAC never equals one made for another purpose.
  const std::string mac = security::hmac_sha256(secret_key, "polls.voter:" + std::string(id));
  return security::hex(mac).substr(0, kSignatureHexDigits);
}

}  // namespace

std::string new_voter_cookie(std::string_view secret_key) {
  const std::string id = security::hex(security::random_bytes(kIdHexDigits / 2));
  return id + "." + signature(secret_key, id);
}

std::optional<std::string> voter_of_cookie(std::string_view secret_key, std::string_view value) {
  if (value.size() != kIdHexDigits + 1 + kSignatureHexDigits || value[kIdHexDigits] != '.') {
    return std::nullopt;
  }
  const std::string_view id = value.substr(0, kIdHexDigits);
  if (!security::constant_time_equals(signature(secret_key, id), value.substr(kIdHexDigits + 1))) {
    return std::nullopt;
  }
  // A hash, so that the table does not hold the cookies themselves.
  return "browser:" + security::sha256_hex(id).substr(0, 40);
}

std::string voter_of_user(std::int64_t user_id) { return "user:" + std::to_string(user_id); }

}  // namespace polls::polls_app
