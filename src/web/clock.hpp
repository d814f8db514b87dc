// The clock the apps read "now" from: the system's in `polls serve`, a fixed one in tests.
#pragma once

#include <functional>

#include "db/timestamp.hpp"

namespace polls::web {

using Clock = std::function<db::Timestamp()>;

// The system clock, to the microsecond.
db::Timestamp system_now();

}  // namespace polls::web
