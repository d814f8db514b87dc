// What the admin's views use, and nothing more: the site builds it from the configuration (the
// references must outlive the routes).
#pragma once

#include <string>

#include "auth/login_throttle.hpp"
#include "db/database.hpp"
#include "ops/log.hpp"
#include "security/password.hpp"
#include "timezone/time_zone.hpp"
#include "web/clock.hpp"
#include "web/pages.hpp"

namespace polls::admin {

// The admin's settings, from the configuration; tests lower the password work and the
// throttle's delays to stay fast.
struct Options {
  std::string secret_key;              // signs session auth hashes (Django's SECRET_KEY)
  int session_age_seconds = 0;         // how long a login lasts
  bool trust_x_forwarded_for = false;  // the client address is the proxy's last entry
  int password_iterations = security::kPasswordIterations;
  auth::ThrottleLimits login_throttle{};
};

struct Deps {
  db::Database& database;
  const web::Pages& pages;
  const tz::TimeZone& time_zone;  // dates are shown and read in the site's zone
  const ops::Logger& log;
  web::Clock now;
  Options options;
};

}  // namespace polls::admin
