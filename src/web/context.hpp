// What the apps' views need, passed explicitly (no globals): built once in `polls serve`.
#pragma once

#include <atomic>
#include <functional>

#include "admin/login_throttle.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/datetime.hpp"
#include "ops/app_counters.hpp"
#include "ops/log.hpp"
#include "render/templates.hpp"
#include "security/csrf.hpp"
#include "security/password.hpp"
#include "timezone/time_zone.hpp"

namespace polls::web {

struct Context {
  const config::Config& config;
  db::Database& database;
  render::Templates& templates;
  const security::Csrf& csrf;
  const tz::TimeZone& time_zone;
  const ops::Logger& log;
  std::function<db::Timestamp()> now;  // the clock; tests pass a fixed one
  std::atomic<bool>& shutting_down;    // readiness turns 503 when set
  ops::AppCounters& counters;          // what the apps count for /metrics
  // The admin's password hashing and login throttle; tests lower them to stay fast.
  int password_iterations = security::kPasswordIterations;
  admin::ThrottleLimits login_throttle{};
};

// The system clock, to the microsecond.
db::Timestamp system_now();

}  // namespace polls::web
