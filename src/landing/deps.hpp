// What the landing page uses, and nothing more: the site builds it.
#pragma once

#include "timezone/time_zone.hpp"
#include "web/clock.hpp"
#include "web/pages.hpp"

namespace polls::landing {

struct Deps {
  const web::Pages& pages;
  const tz::TimeZone& time_zone;  // the site's: the clock shows its local time
  web::Clock now;
};

}  // namespace polls::landing
