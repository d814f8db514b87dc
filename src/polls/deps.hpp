// What the polls app's views use, and nothing more: the site builds it (the references must
// outlive the routes).
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "ops/app_counters.hpp"
#include "polls/live_results.hpp"
#include "polls/vote_batcher.hpp"
#include "polls/vote_rate_limiter.hpp"
#include "timezone/time_zone.hpp"
#include "web/clock.hpp"
#include "web/page_cache.hpp"
#include "web/pages.hpp"

namespace polls::polls_app {

// Who is voting: what the voter cookie is signed with, how the client's address is found, and
// the signed-in staff user (the admin's session, which this app cannot read itself).
struct VoterOptions {
  std::string secret_key;
  bool trust_x_forwarded_for = false;
  std::function<std::optional<std::int64_t>(const httplib::Request&)> staff_user;
  std::string login_url = "/admin/login/";  // where a staff-only poll sends people to sign in
};

struct Deps {
  db::Database& database;
  const web::Pages& pages;
  web::Clock now;
  ops::AppCounters& counters;     // votes, for /metrics
  LiveResults& live;              // told of each vote; opens the results streams
  const tz::TimeZone& time_zone;  // closing times are shown in the site's zone
  VoteRateLimiter& vote_rate;     // vote attempts per client address
  VoteBatcher& vote_batcher;      // commits the votes without receipts in groups
  web::PageCache& page_cache;     // the index, question and results pages per data version
  VoterOptions voters;
};

}  // namespace polls::polls_app
