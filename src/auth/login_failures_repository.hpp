// The login throttle's SQL: failed login attempts (polls_login_failure), stored so that the
// limit holds across replicas and restarts.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "db/database.hpp"
#include "db/timestamp.hpp"

namespace polls::auth {

// The failures counted against one key (a username or a client address).
struct Failures {
  std::int64_t count = 0;
  db::Timestamp oldest{};  // when count > 0
};

struct PriorFailures {
  Failures by_username;
  Failures by_address;
};

class LoginFailuresRepository {
 public:
  explicit LoginFailuresRepository(db::Database& database) : database_(database) {}

  // In one transaction that attempts take one at a time: forgets the failures at or before
  // `since`, stores this attempt as a failure at `now`, and counts the failures after `since`
  // stored before it, by username and by address, so the k-th of concurrent attempts sees
  // exactly the k-1 before it. When `refused` says so of those counts the attempt is removed
  // again, so that knocking on a locked account does not extend its lock.
  PriorFailures record_attempt(std::string_view username, std::string_view address,
                               db::Timestamp now, db::Timestamp since,
                               const std::function<bool(const PriorFailures&)>& refused);

  // Forgets every failure of the username.
  void clear(std::string_view username);

 private:
  db::Database& database_;
};

}  // namespace polls::auth
