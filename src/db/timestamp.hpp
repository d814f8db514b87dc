// The one type of a point in time the database layer stores and reads (UTC, microseconds, as
// Django's DateTimeField holds it).
#pragma once

#include <chrono>

namespace polls::db {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

}  // namespace polls::db
