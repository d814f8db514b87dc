// IANA time zones read from TZif data (RFC 8536) compiled into the binary, so local times work
// in a container without /usr/share/zoneinfo and without std::chrono::tzdb (absent in libstdc++
// 12).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polls::tz {

// The local time rules in force at one instant.
struct Offset {
  std::chrono::seconds utc_offset{0};  // local time minus UTC: +3600 for CET, -18000 for EST
  std::string abbreviation;            // "CET", "EDT", "+0530"
  bool is_dst = false;

  bool operator==(const Offset&) const = default;
};

namespace detail {

// A day and local time of day at which a POSIX TZ rule starts or ends daylight saving time.
struct RuleDate {
  enum class Kind : std::uint8_t {
    kJulian,        // "Jn": day 1..365, 29 February never counted
    kDayOfYear,     // "n": day 0..365, 29 February counted in leap years
    kMonthWeekDay,  // "Mm.w.d": weekday d (0 = Sunday) of week w (5 = last) of month m
  };
  Kind kind = Kind::kMonthWeekDay;
  int day = 0;
  int month = 0;
  int week = 0;
  int weekday = 0;
  // Local wall-clock time on that day; RFC 8536 allows -167h..167h.
  std::chrono::seconds time{2 * 3600};
};

// A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3": the rule for instants after the
// last transition of a TZif file (its footer).
struct PosixRule {
  Offset standard;
  std::optional<Offset> daylight;  // start and end are meaningful only when this is set
  RuleDate start;
  RuleDate end;
};

}  // namespace detail

class TimeZone {
 public:
  // "UTC" and "Etc/UTC" always work; other names come from the embedded zoneinfo. nullopt if
  // the name is unknown, not a plain zone name, or its data is malformed.
  [[nodiscard]] static std::optional<TimeZone> load(std::string_view name);

  // Parses TZif bytes (versions 1 to 4). nullopt if they are malformed.
  [[nodiscard]] static std::optional<TimeZone> from_tzif(std::string name, std::string_view bytes);

  [[nodiscard]] const std::string& name() const { return name_; }

  // The offset in force at an instant: a binary search over the transitions, or the footer
  // rule past the last one.
  [[nodiscard]] Offset offset_at(std::chrono::sys_seconds utc) const;

 private:
  explicit TimeZone(std::string name) : name_(std::move(name)) {}

  std::string name_;
  std::vector<std::int64_t> transitions_;       // UTC seconds since the epoch, ascending
  std::vector<std::uint8_t> transition_types_;  // index into types_, one per transition
  std::vector<Offset> types_;                   // never empty
  std::optional<detail::PosixRule> rule_;
};

}  // namespace polls::tz
