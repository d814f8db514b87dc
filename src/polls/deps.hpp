// What the polls app's views use, and nothing more: the site builds it (the references must
// outlive the routes).
#pragma once

#include "db/database.hpp"
#include "ops/app_counters.hpp"
#include "polls/live_results.hpp"
#include "web/clock.hpp"
#include "web/pages.hpp"

namespace polls::polls_app {

struct Deps {
  db::Database& database;
  const web::Pages& pages;
  web::Clock now;
  ops::AppCounters& counters;  // votes, for /metrics
  LiveResults& live;           // told of each vote; opens the results streams
};

}  // namespace polls::polls_app
