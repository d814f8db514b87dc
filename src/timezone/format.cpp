// Formats instants as local time in a TimeZone with std::chrono's civil calendar, so neither
// the C library's time zone state nor its locale is involved.
#include "timezone/format.hpp"

#include <array>
#include <cstdio>
#include <string_view>
#include <utility>

#include "text/civil_date.hpp"

namespace polls::tz {
namespace {

using std::chrono::days;
using std::chrono::seconds;

constexpr std::array<std::string_view, 7> kWeekdays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths{"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};

// An instant as seen on a wall clock in the zone.
struct LocalTime {
  std::chrono::year_month_day date;
  std::chrono::weekday weekday;
  std::chrono::hh_mm_ss<seconds> time;
  Offset offset;
};

LocalTime to_local(std::chrono::sys_time<std::chrono::microseconds> utc, const TimeZone& zone) {
  // floor, not duration_cast: 23:59:59.5 before the epoch is still 23:59:59.
  const auto instant = std::chrono::floor<seconds>(utc);
  auto offset = zone.offset_at(instant);
  // Local wall-clock time, computed on the sys_time axis because the calendar is the same.
  const auto local = instant + offset.utc_offset;
  const auto day = std::chrono::floor<days>(local);
  return LocalTime{std::chrono::year_month_day{day}, std::chrono::weekday{day},
                   std::chrono::hh_mm_ss<seconds>{local - day}, std::move(offset)};
}

}  // namespace

std::string iso8601(std::chrono::sys_time<std::chrono::microseconds> utc, const TimeZone& zone) {
  const auto local = to_local(utc, zone);
  const auto offset = local.offset.utc_offset.count();
  const auto magnitude = offset < 0 ? -offset : offset;
  std::string out;
  out.reserve(32);
  text::append_date(out, local.date);
  out += 'T';
  text::append_time(out, local.time);
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%c%02d:%02d", offset < 0 ? '-' : '+',
                static_cast<int>(magnitude / 3600), static_cast<int>(magnitude / 60 % 60));
  out += buffer.data();
  // Rounding the offset to minutes would contradict the local time beside it, so keep its
  // seconds (as Python's isoformat does).
  if (magnitude % 60 != 0) {
    std::snprintf(buffer.data(), buffer.size(), ":%02d", static_cast<int>(magnitude % 60));
    out += buffer.data();
  }
  return out;
}

std::string readable(std::chrono::sys_time<std::chrono::microseconds> utc, const TimeZone& zone) {
  const auto local = to_local(utc, zone);
  std::array<char, 48> numbers{};
  std::string text(kWeekdays[local.weekday.c_encoding()]);
  std::snprintf(numbers.data(), numbers.size(), " %u ", static_cast<unsigned>(local.date.day()));
  text += numbers.data();
  text += kMonths[static_cast<unsigned>(local.date.month()) - 1];
  std::snprintf(numbers.data(), numbers.size(), " %d, %02d:%02d:%02d ",
                static_cast<int>(local.date.year()), static_cast<int>(local.time.hours().count()),
                static_cast<int>(local.time.minutes().count()),
                static_cast<int>(local.time.seconds().count()));
  text += numbers.data();
  text += local.offset.abbreviation;
  return text;
}

}  // namespace polls::tz
