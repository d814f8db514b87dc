// Django-compatible password hashing (PBKDF2 with OpenSSL's libcrypto) and Django's default
// password validators.
#include "security/password.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <vector>

#include "security/hmac.hpp"
#include "security/random.hpp"
#include "text/integer.hpp"
#include "text/utf8.hpp"

namespace polls::security {

namespace {

constexpr std::string_view kSha256 = "pbkdf2_sha256";
constexpr std::string_view kSha1 = "pbkdf2_sha1";

// Django's salt: ceil(128 / log2(62)) = 22 characters of kAlnum. Django asks a salt for an
// upgrade below 128 bits, so below 22 such characters.
constexpr std::size_t kSaltLength = 22;

// For work that must cost a hash but whose result is thrown away; any salt will do.
constexpr std::string_view kBurnSalt = "polls.password.timing.";

void check_iterations(int iterations) {
  if (iterations < 1 || iterations > kMaxPasswordIterations) {
    throw std::invalid_argument("password hash iterations must be 1 to 10000000");
  }
}

std::string base64(const unsigned char* data, int size) {
  std::string out(static_cast<std::size_t>(4 * ((size + 2) / 3)), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, size);
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::atomic<std::uint64_t> iterations_computed{0};

// Django's pbkdf2(): the derived key is as long as the digest, stored as padded base64. nullopt
// only if OpenSSL fails or an input is beyond its int sizes.
std::optional<std::string> pbkdf2_base64(const EVP_MD* md, std::string_view password,
                                         std::string_view salt, int iterations) {
  if (password.size() > static_cast<std::size_t>(INT_MAX) ||
      salt.size() > static_cast<std::size_t>(INT_MAX) || iterations < 1) {
    return std::nullopt;
  }
  // An empty string_view may have a null data(); give OpenSSL a valid pointer.
  static const char kEmpty = 0;
  const char* pass_ptr = password.empty() ? &kEmpty : password.data();
  const auto* salt_ptr =
      reinterpret_cast<const unsigned char*>(salt.empty() ? &kEmpty : salt.data());
  unsigned char key[EVP_MAX_MD_SIZE];
  const int key_len = EVP_MD_get_size(md);
  if (key_len <= 0 ||
      PKCS5_PBKDF2_HMAC(pass_ptr, static_cast<int>(password.size()), salt_ptr,
                        static_cast<int>(salt.size()), iterations, md, key_len, key) != 1) {
    return std::nullopt;
  }
  iterations_computed.fetch_add(static_cast<std::uint64_t>(iterations), std::memory_order_relaxed);
  return base64(key, key_len);
}

const EVP_MD* digest_for(std::string_view algorithm) {
  return algorithm == kSha1 ? EVP_sha1() : EVP_sha256();
}

// Decimal as Django's "%d" writes it, 1 to kMaxPasswordIterations; Django itself rejects any
// other spelling, because it re-encodes the hash and compares the whole string.
std::optional<int> parse_iterations(std::string_view text) {
  constexpr std::size_t kMaxDigits = 8;  // kMaxPasswordIterations has 8
  if (text.size() > kMaxDigits || text.starts_with('0')) return std::nullopt;
  const auto value = text::parse_digits<int>(text);
  if (!value || *value > kMaxPasswordIterations) return std::nullopt;
  return value;
}

// The text's code points, as Python's str sees them, for Django's validators that count or
// compare characters. Bytes that are not valid UTF-8 (text/utf8.hpp) are taken one at a time
// rather than refused.
std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (const auto code_point = text::decode_utf8(text, i)) {
      out.push_back(code_point->value);
      i += code_point->length;
    } else {
      out.push_back(static_cast<unsigned char>(text[i++]));
    }
  }
  return out;
}

std::vector<char32_t> ascii_lower(std::vector<char32_t> text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  }
  return text;
}

// Python's \w for our purposes: ASCII letters, digits and '_', and any non-ASCII character
// (most are letters; Python would also split on non-ASCII punctuation).
bool is_word_char(char32_t c) {
  return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

// Python's re.split(r'\W+', value): the runs between non-word characters, empty ones included.
std::vector<std::vector<char32_t>> split_words(const std::vector<char32_t>& value) {
  std::vector<std::vector<char32_t>> parts(1);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (is_word_char(value[i])) {
      parts.back().push_back(value[i]);
    } else if (i == 0 || is_word_char(value[i - 1])) {
      parts.emplace_back();
    }
  }
  return parts;
}

// difflib.SequenceMatcher(a=a, b=b).quick_ratio() >= 0.7, which is what Django's
// UserAttributeSimilarityValidator asks: 2 * (characters in common, with multiplicity) /
// (total length). Integer arithmetic avoids floating-point edges at exactly 0.7.
bool similar(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
  const std::size_t total = a.size() + b.size();
  if (total == 0) return true;  // quick_ratio of two empty strings is 1.0
  std::map<char32_t, std::size_t> available;
  for (const char32_t c : b) ++available[c];
  std::size_t matches = 0;
  for (const char32_t c : a) {
    auto it = available.find(c);
    if (it != available.end() && it->second > 0) {
      --it->second;
      ++matches;
    }
  }
  return 20 * matches >= 7 * total;
}

// Django's UserAttributeSimilarityValidator for the username alone, max_similarity 0.7.
bool too_similar_to_username(std::string_view password, std::string_view username) {
  if (username.empty()) return false;
  const auto pwd = ascii_lower(code_points(password));
  const auto name = ascii_lower(code_points(username));
  auto parts = split_words(name);
  parts.push_back(name);
  return std::any_of(parts.begin(), parts.end(), [&](const std::vector<char32_t>& part) {
    // exceeds_maximum_length_ratio: a part far shorter than the password is skipped unchecked.
    const bool far_shorter = pwd.size() >= 10 * part.size() && 20 * part.size() < 7 * pwd.size();
    return !far_shorter && similar(pwd, part);
  });
}

}  // namespace

std::optional<PasswordHash> parse_password_hash(std::string_view encoded) {
  // Django's encoded.split('$', 3): the hash, last, may itself hold '$' (and then never matches).
  const auto first = encoded.find('$');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = encoded.find('$', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const auto third = encoded.find('$', second + 1);
  if (third == std::string_view::npos) return std::nullopt;

  PasswordHash parsed;
  parsed.algorithm = encoded.substr(0, first);
  if (parsed.algorithm != kSha256 && parsed.algorithm != kSha1) return std::nullopt;
  const auto iterations = parse_iterations(encoded.substr(first + 1, second - first - 1));
  if (!iterations) return std::nullopt;
  parsed.iterations = *iterations;
  parsed.salt = encoded.substr(second + 1, third - second - 1);
  parsed.hash = encoded.substr(third + 1);
  if (parsed.salt.empty() || parsed.hash.empty()) return std::nullopt;
  return parsed;
}

std::string encode_password_hash(std::string_view password, std::string_view salt, int iterations) {
  check_iterations(iterations);
  if (salt.empty() || salt.find('$') != std::string_view::npos) {
    throw std::invalid_argument("a password salt must be non-empty and hold no '$'");
  }
  const auto hash = pbkdf2_base64(EVP_sha256(), password, salt, iterations);
  if (!hash) throw std::runtime_error("PBKDF2-HMAC-SHA256 failed");
  std::string out(kSha256);
  out += '$';
  out += std::to_string(iterations);
  out += '$';
  out += salt;
  out += '$';
  out += *hash;
  return out;
}

std::string hash_password(std::string_view password, int iterations) {
  return encode_password_hash(password, random_token(kSaltLength), iterations);
}

PasswordCheck verify_password(std::string_view password, std::string_view encoded,
                              int preferred_iterations) {
  check_iterations(preferred_iterations);
  const auto parsed = parse_password_hash(encoded);
  if (!parsed) {
    // Django's check_password runs the default hasher once for an unusable password or an
    // unknown algorithm, so that such a user looks like any other in response times.
    (void)burn_password_time(password, preferred_iterations);
    return {};
  }
  const EVP_MD* md = digest_for(parsed->algorithm);
  const auto computed = pbkdf2_base64(md, password, parsed->salt, parsed->iterations);
  // Comparing the base64 text, as Django compares whole encoded strings: a stored hash that is
  // not the canonical base64 of the right length never matches.
  if (!computed || !constant_time_equals(*computed, parsed->hash)) {
    // Django's harden_runtime: make up the iterations an old hash lacks, so that a failed login
    // costs the same whether or not the user's hash was upgraded.
    if (parsed->iterations < preferred_iterations) {
      (void)pbkdf2_base64(md, password, parsed->salt, preferred_iterations - parsed->iterations);
    }
    return {};
  }
  const bool weak_salt = code_points(parsed->salt).size() < kSaltLength;
  return {true,
          parsed->algorithm != kSha256 || parsed->iterations < preferred_iterations || weak_salt};
}

std::uint64_t pbkdf2_iterations_computed() {
  return iterations_computed.load(std::memory_order_relaxed);
}

std::string burn_password_time(std::string_view password, int iterations) {
  return encode_password_hash(password, kBurnSalt, iterations);
}

std::optional<std::string> password_problem(std::string_view password, std::string_view username) {
  constexpr std::size_t kMinLength = 8;
  std::vector<std::string_view> problems;
  if (too_similar_to_username(password, username)) {
    problems.emplace_back("The password is too similar to the username.");
  }
  if (code_points(password).size() < kMinLength) {
    problems.emplace_back("This password is too short. It must contain at least 8 characters.");
  }
  const bool numeric =
      !password.empty() &&
      std::all_of(password.begin(), password.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric) problems.emplace_back("This password is entirely numeric.");
  if (problems.empty()) return std::nullopt;
  std::string message;
  for (const auto problem : problems) {
    if (!message.empty()) message += '\n';
    message += problem;
  }
  return message;
}

}  // namespace polls::security
