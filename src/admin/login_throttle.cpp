// SQL and arithmetic of the login throttle: see login_throttle.hpp.
#include "admin/login_throttle.hpp"

#include <algorithm>

#include "db/errors.hpp"
#include "http/form.hpp"

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

}  // namespace

constexpr std::string_view kCountByUsername =
    "SELECT count(*), min(failed_at) FROM polls_login_failure "
    "WHERE username = $1 AND failed_at > $2";
constexpr std::string_view kCountByAddress =
    "SELECT count(*), min(failed_at) FROM polls_login_failure "
    "WHERE address = $1 AND failed_at > $2";

ThrottleDecision LoginThrottle::check(std::string_view username, std::string_view address,
                                      db::Timestamp now) {
  const std::string since = db::to_db_text(now - limits_.window);
  auto session = database_.read();
  const auto read = [&](std::string_view sql, std::string_view key) {
    const db::Rows rows = session->query(sql, {key, std::string_view(since)});
    Failures failures;
    failures.count = rows.integer(0, 0);
    if (failures.count > 0) {
      const auto oldest = db::from_db_text(rows.text(0, 1));
      if (!oldest) throw db::Error("polls_login_failure has an unreadable failed_at");
      failures.oldest = *oldest;
    }
    return failures;
  };
  const Failures by_user = read(kCountByUsername, username);
  const Failures by_address = read(kCountByAddress, address);

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
    return decision;
  }
  if (by_address.count >= limits_.address_refuse_after) {
    refuse(by_address, "address");
    return decision;
  }
  const auto user_delay = delay_for(by_user.count, limits_.username_slow_after, limits_);
  const auto address_delay = delay_for(by_address.count, limits_.address_slow_after, limits_);
  decision.delay = std::max(user_delay, address_delay);
  if (decision.delay.count() > 0)
    decision.reason = user_delay >= address_delay ? "username" : "address";
  return decision;
}

constexpr std::string_view kForgetOld = "DELETE FROM polls_login_failure WHERE failed_at <= $1";
constexpr std::string_view kInsertFailure =
    "INSERT INTO polls_login_failure (username, address, failed_at) VALUES ($1, $2, $3)";

void LoginThrottle::record_failure(std::string_view username, std::string_view address,
                                   db::Timestamp now) {
  const std::string at = db::to_db_text(now);
  const std::string old = db::to_db_text(now - limits_.window);
  // Usernames of failed logins are attacker-chosen: keep within the column's limit.
  const std::string_view name = http::utf8_prefix(username, 150);
  auto session = database_.write();
  db::Transaction transaction(*session);
  session->execute(kForgetOld, {std::string_view(old)});
  session->execute(kInsertFailure, {name, http::utf8_prefix(address, 64), std::string_view(at)});
  transaction.commit();
}

constexpr std::string_view kClear = "DELETE FROM polls_login_failure WHERE username = $1";

void LoginThrottle::clear(std::string_view username) {
  auto session = database_.write();
  session->execute(kClear, {username});
}

}  // namespace polls::admin
