// libFuzzer harness for security/password: any stored value either parses into the parts Django
// would write back as the same string, or is refused; verify_password never throws on it and
// never reports an upgrade without a match. Iterations stay tiny so each input is fast (stored
// hashes asking for more are only parsed). Built and run by scripts/fuzz.
#include <string>
#include <string_view>

#include "fuzz_harness.hpp"
#include "security/password.hpp"

namespace sec = polls::security;

namespace {

constexpr int kMaxFuzzIterations = 16;

}  // namespace

void polls::fuzz::check_input(std::string_view input) {
  // Everything up to the first newline is the password tried, the rest the stored value.
  const auto newline = input.find('\n');
  const std::string_view password =
      newline == std::string_view::npos ? "" : input.substr(0, newline);
  const std::string_view encoded =
      newline == std::string_view::npos ? input : input.substr(newline + 1);

  const auto parsed = sec::parse_password_hash(encoded);
  if (parsed) {
    FUZZ_CHECK(parsed->algorithm == "pbkdf2_sha256" || parsed->algorithm == "pbkdf2_sha1");
    FUZZ_CHECK(parsed->iterations >= 1 && parsed->iterations <= sec::kMaxPasswordIterations);
    FUZZ_CHECK(!parsed->salt.empty() && parsed->salt.find('$') == std::string_view::npos);
    FUZZ_CHECK(!parsed->hash.empty());
    const std::string rebuilt = std::string(parsed->algorithm) + "$" +
                                std::to_string(parsed->iterations) + "$" +
                                std::string(parsed->salt) + "$" + std::string(parsed->hash);
    FUZZ_CHECK(rebuilt == encoded);
  }

  if (!parsed || parsed->iterations <= kMaxFuzzIterations) {
    const auto check = sec::verify_password(password, encoded, 1);
    FUZZ_CHECK(!check.needs_upgrade || check.ok);
    if (check.ok) FUZZ_CHECK(parsed.has_value());
  }

  // Any salt it found hashes any password into a value that parses back and verifies.
  if (parsed) {
    const int iterations = 1 + parsed->iterations % kMaxFuzzIterations;
    const std::string made = sec::encode_password_hash(password, parsed->salt, iterations);
    const auto again = sec::parse_password_hash(made);
    FUZZ_CHECK(again && again->salt == parsed->salt && again->iterations == iterations);
    FUZZ_CHECK(sec::verify_password(password, made, 1).ok);
    FUZZ_CHECK(!sec::verify_password(std::string(password) + "x", made, 1).ok);
  }
}
