// Slows down and then refuses repeated failed logins, per username and per client address, with
// the failures kept in the database (polls_login_failure) so that the limit holds across
// replicas and restarts. A username under attack is locked for everyone for a while, the usual
// trade (django-axes makes it too); the lock ends by itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/login_failures_repository.hpp"
#include "db/database.hpp"
#include "db/timestamp.hpp"

namespace polls::auth {

struct ThrottleLimits {
  std::chrono::seconds window{15 * 60};  // failures older than this are forgotten
  int username_slow_after = 3;           // failures before each attempt is delayed
  int username_refuse_after = 10;        // failures before attempts are refused (429)
  // An address may be a whole office behind one NAT: it gets more room.
  int address_slow_after = 10;
  int address_refuse_after = 30;
  std::chrono::milliseconds delay_step{500};  // per failure past the slow threshold
  std::chrono::milliseconds max_delay{3000};
};

struct ThrottleDecision {
  bool refused = false;
  std::chrono::seconds retry_after{0};  // when refused: until the oldest counted failure ages out
  std::chrono::milliseconds delay{0};   // when allowed: wait this long before checking the password
  std::string reason;                   // "username" or "address", for the log
};

// What an attempt with these failures before it gets: refused (while the username's or the
// address's failures are at the refusal limit, until the oldest of them ages out), delayed (one
// step per failure past the slow threshold, capped), or neither. Pure.
ThrottleDecision decide(const PriorFailures& prior, db::Timestamp now,
                        const ThrottleLimits& limits);

class LoginThrottle {
 public:
  explicit LoginThrottle(db::Database& database, ThrottleLimits limits = {})
      : database_(database), limits_(limits) {}

  // Starts a login attempt for username from address at now: the attempt is stored as a failure
  // first, and only then are the attempts stored before it counted, so concurrent attempts
  // cannot all see the old count: the k-th sees the k-1 before it. A refused attempt
  // is removed again, so that knocking on a locked account does not extend its lock. An attempt
  // that fails stays recorded; one that succeeds is cleared by succeeded(). Also forgets
  // failures older than the window, so the table stays small.
  ThrottleDecision begin(std::string_view username, std::string_view address, db::Timestamp now);

  // A successful login clears the failures for that username (its own attempt among them). Not
  // the address's: someone with an account of their own must not be able to wipe the failures
  // of the accounts they attack.
  void succeeded(std::string_view username);

  const ThrottleLimits& limits() const { return limits_; }

 private:
  db::Database& database_;
  ThrottleLimits limits_;
};

}  // namespace polls::auth
