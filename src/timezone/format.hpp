// Local times as text: ISO 8601 for machines (<time datetime>, JSON) and English for people.
#pragma once

#include <chrono>
#include <string>

#include "timezone/time_zone.hpp"

namespace polls::tz {

// "2026-11-25T17:03:04+01:00": whole seconds (truncated) and always a numeric offset, "+00:00"
// for UTC, never "Z"; offsets with seconds (old local mean times) are written "+00:09:21".
[[nodiscard]] std::string iso8601(std::chrono::sys_time<std::chrono::microseconds> utc,
                                  const TimeZone& zone);

// "Wednesday 25 November 2026, 17:03:04 CET": English names whatever the process locale.
[[nodiscard]] std::string readable(std::chrono::sys_time<std::chrono::microseconds> utc,
                                   const TimeZone& zone);

}  // namespace polls::tz
