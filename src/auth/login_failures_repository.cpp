// SQL of the login throttle: see login_failures_repository.hpp.
#include "auth/login_failures_repository.hpp"

#include <string>

#include "text/utf8.hpp"

namespace polls::auth {

namespace {

// What is stored for an attacker-chosen username or address: within the column's limit, and
// without NUL bytes, which PostgreSQL refuses in text.
std::string stored_key(std::string_view text, std::size_t max_bytes) {
  std::string key(text::utf8_prefix(text, max_bytes));
  for (char& c : key) {
    if (c == '\0') c = '?';
  }
  return key;
}

std::string stored_username(std::string_view username) { return stored_key(username, 150); }
std::string stored_address(std::string_view address) { return stored_key(address, 64); }

}  // namespace

// The attempts before one (a smaller id: ids grow in the order attempts are stored).
constexpr std::string_view kCountByUsername =
    "SELECT count(*), min(failed_at) FROM polls_login_failure "
    "WHERE username = $1 AND failed_at > $2 AND id < $3";
constexpr std::string_view kCountByAddress =
    "SELECT count(*), min(failed_at) FROM polls_login_failure "
    "WHERE address = $1 AND failed_at > $2 AND id < $3";

constexpr std::string_view kForgetOld = "DELETE FROM polls_login_failure WHERE failed_at <= $1";
constexpr std::string_view kInsertAttempt =
    "INSERT INTO polls_login_failure (username, address, failed_at) VALUES ($1, $2, $3) "
    "RETURNING id";
constexpr std::string_view kDeleteAttempt = "DELETE FROM polls_login_failure WHERE id = $1";

PriorFailures LoginFailuresRepository::record_attempt(
    std::string_view username, std::string_view address, db::Timestamp now, db::Timestamp since,
    const std::function<bool(const PriorFailures&)>& refused) {
  const std::string name = stored_username(username);
  const std::string from = stored_address(address);
  auto session = database_.write();
  db::Transaction transaction(*session, db::ExclusiveWrites{"polls_login_failure"});
  session->execute(kForgetOld, {since});
  const std::int64_t id =
      session->query(kInsertAttempt, {std::string_view(name), std::string_view(from), now})
          .integer(0, 0);
  const auto count = [&](std::string_view sql, std::string_view key) {
    const db::Rows rows = session->query(sql, {key, since, id});
    Failures failures;
    failures.count = rows.integer(0, 0);
    if (failures.count > 0) failures.oldest = rows.timestamp(0, 1);
    return failures;
  };
  const PriorFailures prior{count(kCountByUsername, name), count(kCountByAddress, from)};
  if (refused(prior)) session->execute(kDeleteAttempt, {id});
  transaction.commit();
  return prior;
}

constexpr std::string_view kClear = "DELETE FROM polls_login_failure WHERE username = $1";

void LoginFailuresRepository::clear(std::string_view username) {
  auto session = database_.write();
  const std::string name = stored_username(username);
  session->execute(kClear, {std::string_view(name)});
}

}  // namespace polls::auth
