// The login throttle's arithmetic: see login_throttle.hpp.
#include "auth/login_throttle.hpp"

#include <algorithm>

#include "auth/login_failures_repository.hpp"

namespace polls::auth {

namespace {

// The delay for `count` failures against thresholds: none up to slow_after, then one step more
// for each further failure, capped.
std::chrono::milliseconds delay_for(std::int64_t count, int slow_after,
                                    const ThrottleLimits& limits) {
  if (count < slow_after) return std::chrono::milliseconds{0};
  return std::min(limits.max_delay, limits.delay_step * (count - slow_after + 1));
}

bool refused(const PriorFailures& prior, const ThrottleLimits& limits) {
  return prior.by_username.count >= limits.username_refuse_after ||
         prior.by_address.count >= limits.address_refuse_after;
}

}  // namespace

ThrottleDecision decide(const PriorFailures& prior, db::Timestamp now,
                        const ThrottleLimits& limits) {
  ThrottleDecision decision;
  const auto refuse = [&](const Failures& failures, std::string_view reason) {
    decision.refused = true;
    decision.reason = std::string(reason);
    const auto until = failures.oldest + limits.window;
    const auto left = std::chrono::ceil<std::chrono::seconds>(until - now);
    decision.retry_after = std::max(left, std::chrono::seconds{1});
    return decision;
  };
  if (prior.by_username.count >= limits.username_refuse_after) {
    return refuse(prior.by_username, "username");
  }
  if (prior.by_address.count >= limits.address_refuse_after) {
    return refuse(prior.by_address, "address");
  }
  const auto user_delay = delay_for(prior.by_username.count, limits.username_slow_after, limits);
  const auto address_delay = delay_for(prior.by_address.count, limits.address_slow_after, limits);
  decision.delay = std::max(user_delay, address_delay);
  if (decision.delay.count() > 0)
    decision.reason = user_delay >= address_delay ? "username" : "address";
  return decision;
}

ThrottleDecision LoginThrottle::begin(std::string_view username, std::string_view address,
                                      db::Timestamp now) {
  const PriorFailures prior = LoginFailuresRepository(database_).record_attempt(
      username, address, now, now - limits_.window,
      [this](const PriorFailures& counted) { return refused(counted, limits_); });
  return decide(prior, now, limits_);
}

void LoginThrottle::succeeded(std::string_view username) {
  LoginFailuresRepository(database_).clear(username);
}

}  // namespace polls::auth
