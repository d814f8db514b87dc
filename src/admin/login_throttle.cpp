// SQL and arithmetic of the login throttle: see login_throttle.hpp.
#include "admin/login_throttle.hpp"

#include <algorithm>

#include "text/utf8.hpp"

namespace polls::admin {

namespace {

struct Failures {
  std::int64_t count = 0;
  db::Timestamp oldest{};
};

// The delay for `count` failures against thresholds: none up to slow_after, then one step more
// for each further failure, capped.
std::chrono::milliseconds delay_for(std::int64_t count, int slow_after,
                                    const ThrottleLimits& limits) {
  if (count < slow_after) return std::chrono::milliseconds{0};
  return std::min(limits.max_delay, limits.delay_step * (count - slow_after + 1));
}

// What is stored for an attacker-chosen username or address: within the column's limit, and
// without NUL bytes, which PostgreSQL refuses in text.
std::string stored_key(std::string_view text, std::size_t max_bytes) {
  std::string key(text::utf8_prefix(text, max_bytes));
  for (char& c : key) {
    if (c == '\0') c = '?';
  }
  return key;
}

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

ThrottleDecision LoginThrottle::begin(std::string_view username, std::string_view address,
                                      db::Timestamp now) {
  const db::Timestamp since = now - limits_.window;
  const std::string name = stored_key(username, 150);
  const std::string from = stored_key(address, 64);
  std::int64_t id = 0;
  Failures by_user;
  Failures by_address;
  {
    // Stored and counted in one transaction that attempts take one at a time, so the k-th
    // concurrent attempt sees exactly the k-1 before it.
    auto session = database_.write();
    db::Transaction transaction(*session, db::ExclusiveWrites{"polls_login_failure"});
    session->execute(kForgetOld, {since});
    id = session->query(kInsertAttempt, {std::string_view(name), std::string_view(from), now})
             .integer(0, 0);
    const auto read = [&](std::string_view sql, std::string_view key) {
      const db::Rows rows = session->query(sql, {key, since, id});
      Failures failures;
      failures.count = rows.integer(0, 0);
      if (failures.count > 0) failures.oldest = rows.timestamp(0, 1);
      return failures;
    };
    by_user = read(kCountByUsername, std::string_view(name));
    by_address = read(kCountByAddress, std::string_view(from));
    // A refused attempt is not kept: knocking on a locked account must not extend its lock.
    if (by_user.count >= limits_.username_refuse_after ||
        by_address.count >= limits_.address_refuse_after) {
      session->execute(kDeleteAttempt, {id});
    }
    transaction.commit();
  }

  ThrottleDecision decision;
  const auto refuse = [&](const Failures& failures, std::string_view reason) {
    decision.refused = true;
    decision.reason = std::string(reason);
    const auto until = failures.oldest + limits_.window;
    const auto left = std::chrono::ceil<std::chrono::seconds>(until - now);
    decision.retry_after = std::max(left, std::chrono::seconds{1});
  };
  if (by_user.count >= limits_.username_refuse_after) {
    refuse(by_user, "username");
  } else if (by_address.count >= limits_.address_refuse_after) {
    refuse(by_address, "address");
  }
  if (decision.refused) return decision;
  const auto user_delay = delay_for(by_user.count, limits_.username_slow_after, limits_);
  const auto address_delay = delay_for(by_address.count, limits_.address_slow_after, limits_);
  decision.delay = std::max(user_delay, address_delay);
  if (decision.delay.count() > 0)
    decision.reason = user_delay >= address_delay ? "username" : "address";
  return decision;
}

constexpr std::string_view kClear = "DELETE FROM polls_login_failure WHERE username = $1";

void LoginThrottle::succeeded(std::string_view username) {
  auto session = database_.write();
  const std::string name = stored_key(username, 150);
  session->execute(kClear, {std::string_view(name)});
}

}  // namespace polls::admin
