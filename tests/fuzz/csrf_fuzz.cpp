// libFuzzer harness for security/csrf: check() accepts only a cookie this key issued with a
// token for that same secret, masking round-trips, and the Origin/Referer check never crashes
// and keeps Django's rules. Built and run by scripts/fuzz.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz_harness.hpp"
#include "security/csrf.hpp"
#include "security/random.hpp"

namespace sec = polls::security;

namespace {

const sec::Csrf& csrf() {
  static const sec::Csrf instance("fuzz-secret-key");
  return instance;
}

// A valid secret made once: the fuzzer cannot forge the MAC, so it is handed one to play with.
const std::string& good_secret() {
  static const std::string secret = csrf().new_secret();
  return secret;
}

std::string to_alnum(const std::string& bytes) {
  std::string out;
  for (const char c : bytes) out.push_back(sec::kAlnum[static_cast<unsigned char>(c) % 62]);
  return out;
}

std::optional<std::string> maybe_string(FuzzedDataProvider& fdp, std::size_t max) {
  if (!fdp.ConsumeBool()) return std::nullopt;
  return fdp.ConsumeRandomLengthString(max);
}

std::optional<std::string_view> view(const std::optional<std::string>& s) {
  return s ? std::optional<std::string_view>(*s) : std::nullopt;
}

void check_tokens(FuzzedDataProvider& fdp) {
  const std::set<std::string> reasons = {"CSRF cookie not set.",
                                         "CSRF cookie has incorrect length.",
                                         "CSRF cookie has invalid characters.",
                                         "CSRF cookie was not issued by this site.",
                                         "CSRF token missing.",
                                         "CSRF token has incorrect length.",
                                         "CSRF token has invalid characters.",
                                         "CSRF token incorrect."};
  // Either the fuzzer's own cookie or the good one, against its token.
  const auto cookie =
      fdp.ConsumeBool() ? std::optional<std::string>(good_secret()) : maybe_string(fdp, 80);
  const auto token = maybe_string(fdp, 80);
  const auto reason = csrf().check(view(cookie), view(token));
  if (reason) {
    FUZZ_CHECK(reasons.count(*reason) == 1);
  } else {
    FUZZ_CHECK(cookie && csrf().is_valid_secret(*cookie));
    FUZZ_CHECK(token && (*token == *cookie ||
                         (token->size() == 64 && sec::unmask_cipher_token(*token) == *cookie)));
  }

  // Any mask hides the good secret in a token that check() accepts and that unmasks back.
  const std::string mask = to_alnum(fdp.ConsumeBytesAsString(32));
  if (mask.size() == 32) {
    const std::string masked = sec::mask_cipher_secret(good_secret(), mask);
    FUZZ_CHECK(sec::unmask_cipher_token(masked) == good_secret());
    FUZZ_CHECK(!csrf().check(good_secret(), masked));
  }
  // And any 64 alphanumerics are the masking of what they unmask to.
  const std::string any = to_alnum(fdp.ConsumeBytesAsString(64));
  if (any.size() == 64) {
    FUZZ_CHECK(sec::mask_cipher_secret(sec::unmask_cipher_token(any), any.substr(0, 32)) == any);
  }
}

void check_origins(FuzzedDataProvider& fdp) {
  const auto origin = maybe_string(fdp, 64);
  const auto referer = maybe_string(fdp, 64);
  const std::string host = fdp.ConsumeRandomLengthString(32);
  const bool https = fdp.ConsumeBool();
  std::vector<std::string> trusted;
  while (trusted.size() < 3 && fdp.ConsumeBool())
    trusted.push_back(fdp.ConsumeRandomLengthString(32));

  const auto reason = sec::check_origin(view(origin), view(referer), host, https, trusted);
  if (origin && *origin == "null") FUZZ_CHECK(reason.has_value());
  if (!origin && !https) FUZZ_CHECK(!reason);
  if (!origin && https && !referer) FUZZ_CHECK(reason.has_value());
  if (!host.empty()) {
    const std::string own = std::string(https ? "https://" : "http://") + host;
    FUZZ_CHECK(!sec::check_origin(own, referer, host, https, trusted));
  }
}

}  // namespace

void polls::fuzz::check_input(std::string_view input) {
  FuzzedDataProvider fdp = provider(input);
  check_tokens(fdp);
  check_origins(fdp);
}
