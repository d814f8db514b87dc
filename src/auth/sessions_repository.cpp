// SQL for polls_session: see sessions.hpp.
#include "auth/sessions_repository.hpp"

#include "security/hmac.hpp"
#include "security/random.hpp"

namespace polls::auth {

namespace {

std::string key_hash(std::string_view key) { return security::sha256_hex(key); }

}  // namespace

bool looks_like_session_key(std::string_view text) {
  if (text.size() != kSessionKeyLength) return false;
  for (const char c : text) {
    if (security::kAlnum.find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string session_auth_hash(std::string_view secret_key, std::string_view password_hash) {
  return security::hex(
      security::hmac_sha256(secret_key, "polls.session_auth_hash:" + std::string(password_hash)));
}

constexpr std::string_view kDeleteExpired = "DELETE FROM polls_session WHERE expire_date < $1";
constexpr std::string_view kInsert =
    "INSERT INTO polls_session (key_hash, user_id, auth_hash, created, expire_date, message) "
    "VALUES ($1, $2, $3, $4, $5, NULL)";

std::string SessionsRepository::create(std::int64_t user_id, std::string_view auth_hash,
                                       db::Timestamp now, std::chrono::seconds age) {
  std::string key = security::random_token(kSessionKeyLength);
  const std::string hash = key_hash(key);
  auto session = database_.write();
  db::Transaction transaction(*session);
  session->execute(kDeleteExpired, {now});
  session->execute(kInsert, {std::string_view(hash), user_id, auth_hash, now, now + age});
  transaction.commit();
  return key;
}

constexpr std::string_view kSelect =
    "SELECT user_id, auth_hash, expire_date, message FROM polls_session "
    "WHERE key_hash = $1 AND expire_date > $2";

std::optional<StoredSession> SessionsRepository::find(std::string_view key, db::Timestamp now) {
  if (!looks_like_session_key(key)) return std::nullopt;
  const std::string hash = key_hash(key);
  auto session = database_.read();
  const db::Rows rows = session->query(kSelect, {std::string_view(hash), now});
  if (rows.empty()) return std::nullopt;
  StoredSession found;
  found.user_id = rows.integer(0, 0);
  found.auth_hash = rows.text(0, 1);
  found.expires = rows.timestamp(0, 2);
  if (!rows.is_null(0, 3)) found.message = rows.text(0, 3);
  return found;
}

constexpr std::string_view kUpdateAuthHash =
    "UPDATE polls_session SET auth_hash = $1 WHERE key_hash = $2";
constexpr std::string_view kDeleteOthers =
    "DELETE FROM polls_session WHERE user_id = $1 AND key_hash <> $2";

void SessionsRepository::replace_auth_hash(std::string_view key, std::int64_t user_id,
                                           std::string_view auth_hash) {
  const std::string hash = key_hash(key);
  auto session = database_.write();
  db::Transaction transaction(*session);
  session->execute(kUpdateAuthHash, {auth_hash, std::string_view(hash)});
  session->execute(kDeleteOthers, {user_id, std::string_view(hash)});
  transaction.commit();
}

constexpr std::string_view kSetMessage =
    "UPDATE polls_session SET message = $1 WHERE key_hash = $2";

void SessionsRepository::set_message(std::string_view key, std::string_view message) {
  const std::string hash = key_hash(key);
  const db::Param value =
      message.empty() ? db::Param(nullptr) : db::Param(std::string_view(message));
  auto session = database_.write();
  session->execute(kSetMessage, {value, std::string_view(hash)});
}

constexpr std::string_view kDelete = "DELETE FROM polls_session WHERE key_hash = $1";

void SessionsRepository::remove(std::string_view key) {
  const std::string hash = key_hash(key);
  auto session = database_.write();
  session->execute(kDelete, {std::string_view(hash)});
}

}  // namespace polls::auth
