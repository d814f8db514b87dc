// Password hashes in Django's auth_user.password format, "pbkdf2_sha256$<iterations>$<salt>$<hash>"
// (PBKDF2-HMAC-SHA256 with OpenSSL, the hash in base64), so that polls and a Django project can
// share the users of one database; and Django's checks on a new password.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace polls::security {

// PBKDF2-HMAC-SHA256 iterations for new hashes. 600,000 is OWASP's 2023 recommendation and
// Django 4.2's default; Django 3.2 (Debian 12's) uses 260,000, which GPUs have outgrown, and
// Django 5.x uses more (720,000 to 1,000,000). Stored hashes with fewer are still accepted, and
// flagged for an upgrade on the next successful login.
constexpr int kPasswordIterations = 600000;

// The most iterations a stored hash may ask for (about 2 s on one core): a corrupted or hostile
// row asking for more is refused instead of holding a login thread for minutes.
constexpr int kMaxPasswordIterations = 10000000;

// A stored PBKDF2 hash taken apart, as Django's PBKDF2PasswordHasher.decode() does. The views
// point into the string that was parsed.
struct PasswordHash {
  std::string_view algorithm;  // "pbkdf2_sha256" or "pbkdf2_sha1"
  int iterations = 0;
  std::string_view salt;
  std::string_view hash;  // base64 of the derived key, as stored (not decoded or checked)
};

// The parts of encoded if it is a hash verify_password can check: pbkdf2_sha256 or pbkdf2_sha1,
// the iterations in decimal as Django writes them (no sign, spaces or leading zero), 1 to
// kMaxPasswordIterations, then a non-empty salt and a non-empty hash. nullopt for anything else:
// unusable passwords ("!..."), other algorithms (argon2, bcrypt_sha256, ...), garbage. Never
// throws.
std::optional<PasswordHash> parse_password_hash(std::string_view encoded);

// Django's make_password(password, salt) with pbkdf2_sha256 at the given iterations: the same
// password, salt and iterations give the same string in Django and here. salt must be non-empty
// and hold no '$', iterations 1 to kMaxPasswordIterations (std::invalid_argument otherwise).
std::string encode_password_hash(std::string_view password, std::string_view salt,
                                 int iterations = kPasswordIterations);

// A new hash of password (UTF-8) for auth_user.password, with a fresh salt like Django's: 22
// random characters of kAlnum (131 bits). Throws std::invalid_argument for iterations out of
// range, std::runtime_error if OpenSSL or the random generator fails.
std::string hash_password(std::string_view password, int iterations = kPasswordIterations);

struct PasswordCheck {
  bool ok = false;             // password matches the stored hash
  bool needs_upgrade = false;  // ok, and the hash is weaker than a new one: store hash_password()
};

// Django's check_password for a stored hash. needs_upgrade when the hash has fewer iterations
// than preferred_iterations, is pbkdf2_sha1, or has a salt of under 128 bits (Django's 12-char
// salts before 3.2); a hash with more iterations is left alone, unlike Django, which rewrites
// any count but its own. Anything parse_password_hash refuses is ok=false; this never throws on
// a stored value. Like Django, a failed check costs about as much as hashing at
// preferred_iterations, whatever the stored value, so response times do not tell which users
// exist, have no usable password, or have an old hash. Throws std::invalid_argument only if
// preferred_iterations is out of range (tests lower it to stay fast).
PasswordCheck verify_password(std::string_view password, std::string_view encoded,
                              int preferred_iterations = kPasswordIterations);

// The work of one hash at `iterations`: a login for a username that does not exist calls it, as
// Django's ModelBackend.authenticate runs the hasher then, so that it takes as long as a wrong
// password for a user who does. Returns the hash it computed (with a fixed salt), which callers
// discard and tests verify, so the work cannot be optimised away or skipped unnoticed.
std::string burn_password_time(std::string_view password, int iterations = kPasswordIterations);

// PBKDF2 iterations this process has computed in all: what shows that a login for no account
// costs the work of one for a real account.
std::uint64_t pbkdf2_iterations_computed();

// What Django's default validators (settings.AUTH_PASSWORD_VALIDATORS of a new project) say about
// a new password for createsuperuser and changepassword, one message a line in Django's order,
// or nullopt if it is acceptable:
//   "The password is too similar to the username." (Django's similarity test against the
//     username and its parts, comparing case-insensitively; only ASCII letters are folded)
//   "This password is too short. It must contain at least 8 characters." (characters, not bytes)
//   "This password is entirely numeric." (ASCII digits; Python's isdigit() also counts others)
// Django's fourth validator, the list of 20,000 common passwords, is not applied.
std::optional<std::string> password_problem(std::string_view password, std::string_view username);

}  // namespace polls::security
