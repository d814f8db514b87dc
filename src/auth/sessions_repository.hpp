// Admin sessions, stored in the database (polls_session) so that any replica can serve any
// request. The browser holds a random key; the table holds only its SHA-256, so a copy of the
// table logs nobody in.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "db/timestamp.hpp"

namespace polls::auth {

// Django's cookie name, so that browser tooling and habits carry over.
constexpr std::string_view kSessionCookieName = "sessionid";
// Characters of the random key: 32 of 62 letters and digits, like Django's (190 bits).
constexpr std::size_t kSessionKeyLength = 32;

struct StoredSession {
  std::int64_t user_id = 0;
  std::string auth_hash;  // session_auth_hash() of the password hash at login
  db::Timestamp expires{};
  std::optional<std::string> message;  // a one-time notice for the next page, if any
};

class SessionsRepository {
 public:
  explicit SessionsRepository(db::Database& database) : database_(database) {}

  // A new session for the user, valid for `age` from `now`; returns the key for the cookie.
  // Expired sessions of every user are removed on the way (cheap: the expiry is indexed).
  std::string create(std::int64_t user_id, std::string_view auth_hash, db::Timestamp now,
                     std::chrono::seconds age);

  // The session behind a cookie value, if it exists and has not expired at `now`.
  std::optional<StoredSession> find(std::string_view key, db::Timestamp now);

  // After the user changed their own password: keep this session, end the others.
  void replace_auth_hash(std::string_view key, std::int64_t user_id, std::string_view auth_hash);

  // A notice for the next page (empty to clear it).
  void set_message(std::string_view key, std::string_view message);

  void remove(std::string_view key);

 private:
  db::Database& database_;
};

// Whether text could be a key this store issued (length and alphabet), checked before any query.
bool looks_like_session_key(std::string_view text);

// HMAC-SHA256(secret_key, password_hash) in hex: stored with a session and compared on each
// request, so a password change (here or in Django) ends every other session of that user, as
// Django's get_session_auth_hash does.
std::string session_auth_hash(std::string_view secret_key, std::string_view password_hash);

}  // namespace polls::auth
