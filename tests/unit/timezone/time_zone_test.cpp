// Tests for timezone/time_zone: real zones from the embedded zoneinfo (expected values checked
// against zdump and glibc), footer rules and malformed data in hand-built TZif files.
#include "timezone/time_zone.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "assets/embedded.hpp"

using polls::tz::Offset;
using polls::tz::TimeZone;
using namespace std::chrono;

template <>
struct doctest::StringMaker<Offset> {
  static String convert(const Offset& o) {
    return (std::to_string(o.utc_offset.count()) + "s " + o.abbreviation +
            (o.is_dst ? " dst" : " std"))
        .c_str();
  }
};

namespace {

sys_seconds utc(year_month_day date, hours h, minutes m = 0min, seconds s = 0s) {
  return sys_days{date} + h + m + s;
}

TimeZone load(std::string_view name) {
  auto zone = TimeZone::load(name);
  REQUIRE(zone.has_value());
  return std::move(*zone);
}

std::string zone_bytes(std::string_view name) {
  const auto bytes = polls::assets::find_embedded(std::string("zoneinfo/").append(name));
  REQUIRE(bytes.has_value());
  return std::string(*bytes);
}

// --- hand-built TZif files ---

struct Type {
  std::int32_t utoff;
  bool is_dst;
  std::string abbreviation;
};

struct Transition {
  std::int64_t at;
  std::uint8_t type;
};

std::string big_endian(std::int64_t value, int size) {
  std::string out;
  for (int shift = 8 * (size - 1); shift >= 0; shift -= 8) {
    out += static_cast<char>((static_cast<std::uint64_t>(value) >> shift) & 0xff);
  }
  return out;
}

// Version '\0' writes the 32-bit block alone; later versions add the 64-bit block and footer.
std::string tzif(char version, const std::vector<Transition>& transitions,
                 const std::vector<Type>& types, std::string_view footer = "") {
  std::string records;
  std::string chars;
  for (const auto& t : types) {
    records +=
        big_endian(t.utoff, 4) + static_cast<char>(t.is_dst) + static_cast<char>(chars.size());
    chars += t.abbreviation + '\0';
  }
  const auto block = [&](int time_size) {
    std::string out = "TZif" + std::string(1, version) + std::string(15, '\0');
    for (const std::size_t count : {std::size_t{0}, std::size_t{0}, std::size_t{0},
                                    transitions.size(), types.size(), chars.size()}) {
      out += big_endian(static_cast<std::int64_t>(count), 4);
    }
    for (const auto& t : transitions) out += big_endian(t.at, time_size);
    for (const auto& t : transitions) out += static_cast<char>(t.type);
    return out + records + chars;
  };
  if (version == '\0') return block(4);
  return block(4) + block(8) + "\n" + std::string(footer) + "\n";
}

// A zone whose only data is a footer rule, which then holds at every instant.
std::optional<TimeZone> footer_zone(std::string_view footer) {
  return TimeZone::from_tzif("Test/Footer", tzif('2', {}, {{0, false, "LMT"}}, footer));
}

// Overwrites the big-endian 32-bit field at `at`.
void poke32(std::string& bytes, std::size_t at, std::uint32_t value) {
  bytes.replace(at, 4, big_endian(value, 4));
}

}  // namespace

TEST_CASE("UTC has a zero offset at every instant, with or without the Etc prefix") {
  for (const auto* name : {"UTC", "Etc/UTC"}) {
    const auto zone = load(name);
    CHECK(zone.name() == name);
    for (const auto t : {sys_seconds::min(), utc(1800y / 1 / 1, 0h), utc(2026y / 7 / 1, 12h),
                         sys_seconds::max()}) {
      CHECK(zone.offset_at(t) == Offset{0s, "UTC", false});
    }
  }
}

TEST_CASE("Europe/Paris is on CET in winter and CEST in summer") {
  const auto paris = load("Europe/Paris");
  CHECK(paris.name() == "Europe/Paris");
  CHECK(paris.offset_at(utc(2026y / January / 15, 12h)) == Offset{1h, "CET", false});
  CHECK(paris.offset_at(utc(2026y / July / 15, 12h)) == Offset{2h, "CEST", true});
}

TEST_CASE("Europe/Paris springs forward at 01:00 UTC on the last Sunday of March 2026") {
  const auto paris = load("Europe/Paris");
  CHECK(paris.offset_at(utc(2026y / March / 29, 0h, 59min, 59s)) == Offset{1h, "CET", false});
  CHECK(paris.offset_at(utc(2026y / March / 29, 1h)) == Offset{2h, "CEST", true});
}

TEST_CASE("Europe/Paris falls back at 01:00 UTC on the last Sunday of October 2026") {
  const auto paris = load("Europe/Paris");
  CHECK(paris.offset_at(utc(2026y / October / 25, 0h, 59min, 59s)) == Offset{2h, "CEST", true});
  CHECK(paris.offset_at(utc(2026y / October / 25, 1h)) == Offset{1h, "CET", false});
}

TEST_CASE("America/New_York follows the US daylight saving dates of 2026") {
  const auto new_york = load("America/New_York");
  CHECK(new_york.offset_at(utc(2026y / March / 8, 6h, 59min, 59s)) == Offset{-5h, "EST", false});
  CHECK(new_york.offset_at(utc(2026y / March / 8, 7h)) == Offset{-4h, "EDT", true});
  CHECK(new_york.offset_at(utc(2026y / November / 1, 5h, 59min, 59s)) == Offset{-4h, "EDT", true});
  CHECK(new_york.offset_at(utc(2026y / November / 1, 6h)) == Offset{-5h, "EST", false});
}

TEST_CASE("Australia/Lord_Howe moves its clocks by only half an hour") {
  const auto lord_howe = load("Australia/Lord_Howe");
  CHECK(lord_howe.offset_at(utc(2026y / April / 4, 14h, 59min, 59s)) == Offset{11h, "+11", true});
  CHECK(lord_howe.offset_at(utc(2026y / April / 4, 15h)) == Offset{10h + 30min, "+1030", false});
  CHECK(lord_howe.offset_at(utc(2026y / October / 3, 15h, 29min, 59s)) ==
        Offset{10h + 30min, "+1030", false});
  CHECK(lord_howe.offset_at(utc(2026y / October / 3, 15h, 30min)) == Offset{11h, "+11", true});
}

TEST_CASE("Asia/Kolkata is five and a half hours ahead of UTC all year") {
  const auto kolkata = load("Asia/Kolkata");
  CHECK(kolkata.offset_at(utc(2026y / January / 1, 0h)) == Offset{5h + 30min, "IST", false});
  CHECK(kolkata.offset_at(utc(2026y / July / 1, 0h)) == Offset{5h + 30min, "IST", false});
}

TEST_CASE("America/St_Johns is three and a half hours behind UTC in winter") {
  const auto st_johns = load("America/St_Johns");
  CHECK(st_johns.offset_at(utc(2026y / January / 15, 12h)) == Offset{-(3h + 30min), "NST", false});
  CHECK(st_johns.offset_at(utc(2026y / March / 8, 5h, 30min)) ==
        Offset{-(2h + 30min), "NDT", true});
}

TEST_CASE("instants after the last transition follow the footer rule") {
  // The Debian files list transitions up to 2037 only, so 2100 can come only from the footer.
  const auto paris = load("Europe/Paris");
  CHECK(paris.offset_at(utc(2100y / March / 28, 0h, 59min, 59s)) == Offset{1h, "CET", false});
  CHECK(paris.offset_at(utc(2100y / March / 28, 1h)) == Offset{2h, "CEST", true});
  CHECK(paris.offset_at(utc(2100y / October / 31, 0h, 59min, 59s)) == Offset{2h, "CEST", true});
  CHECK(paris.offset_at(utc(2100y / October / 31, 1h)) == Offset{1h, "CET", false});

  const auto lord_howe = load("Australia/Lord_Howe");
  CHECK(lord_howe.offset_at(utc(2100y / April / 3, 14h, 59min, 59s)) == Offset{11h, "+11", true});
  CHECK(lord_howe.offset_at(utc(2100y / April / 3, 15h)) == Offset{10h + 30min, "+1030", false});
}

TEST_CASE("instants before the first transition use the zone's first type, local mean time") {
  CHECK(load("Europe/Paris").offset_at(utc(1800y / June / 1, 0h)) == Offset{561s, "LMT", false});
  CHECK(load("Asia/Kolkata").offset_at(utc(1850y / June / 1, 0h)) == Offset{21208s, "LMT", false});
}

TEST_CASE("the ends of the time range get an offset without overflowing") {
  for (const auto* name : {"Europe/Paris", "Australia/Lord_Howe", "America/St_Johns"}) {
    const auto zone = load(name);
    CHECK(zone.offset_at(sys_seconds::min()).abbreviation == "LMT");
    CHECK_FALSE(zone.offset_at(sys_seconds::max()).abbreviation.empty());
  }
}

TEST_CASE("load rejects names that are not zones") {
  for (const std::string_view name :
       {"", "Mars/Olympus_Mons", "Europe", "Europe/", "europe/paris", "Europe/Paris/"}) {
    CAPTURE(name);
    CHECK_FALSE(TimeZone::load(name).has_value());
  }
}

TEST_CASE("load rejects names that could reach outside the zoneinfo folder") {
  using std::string_view_literals::operator""sv;
  for (const auto name :
       {"../zoneinfo/Europe/Paris"sv, "Europe/../Europe/Paris"sv, "/Europe/Paris"sv,
        "/usr/share/zoneinfo/Europe/Paris"sv, "./Europe/Paris"sv, R"(Europe\Paris)"sv,
        "Europe/Paris "sv, "Europe/Paris\0"sv, "Europe/Paris%00"sv, "Europe/Paris\n"sv}) {
    CAPTURE(name);
    CHECK_FALSE(TimeZone::load(name).has_value());
  }
}

TEST_CASE("every embedded zone loads") {
  int zones = 0;
  for (const auto& file : polls::assets::embedded_files()) {
    if (!file.path.starts_with("zoneinfo/")) continue;
    const auto name = file.path.substr(std::string_view("zoneinfo/").size());
    CAPTURE(name);
    const auto zone = TimeZone::load(name);
    REQUIRE(zone.has_value());
    CHECK_FALSE(zone->offset_at(utc(2026y / 1 / 1, 0h)).abbreviation.empty());
    ++zones;
  }
  CHECK(zones > 300);
}

TEST_CASE("a version 1 file is read from its 32-bit block") {
  const auto zone = TimeZone::from_tzif(
      "Test/V1", tzif('\0', {{0, 1}, {1000, 0}}, {{-3600, false, "AAA"}, {3600, true, "BBB"}}));
  REQUIRE(zone.has_value());
  CHECK(zone->offset_at(sys_seconds{-1s}) == Offset{-1h, "AAA", false});
  CHECK(zone->offset_at(sys_seconds{0s}) == Offset{1h, "BBB", true});
  CHECK(zone->offset_at(sys_seconds{999s}) == Offset{1h, "BBB", true});
  // No footer in version 1: the last type holds for ever.
  CHECK(zone->offset_at(sys_seconds{1000s}) == Offset{-1h, "AAA", false});
  CHECK(zone->offset_at(utc(2100y / 7 / 1, 0h)) == Offset{-1h, "AAA", false});

  // The 32-bit block of a real file, read as if the file were version 1.
  auto paris_v1 = zone_bytes("Europe/Paris");
  paris_v1[4] = '\0';
  const auto paris = TimeZone::from_tzif("Europe/Paris", paris_v1);
  REQUIRE(paris.has_value());
  CHECK(paris->offset_at(utc(2026y / March / 29, 1h)) == Offset{2h, "CEST", true});
}

TEST_CASE("footer rules in every POSIX form give the right offsets") {
  SUBCASE("a fixed offset with a quoted abbreviation and minutes") {
    const auto zone = footer_zone("<+0330>-3:30");
    REQUIRE(zone.has_value());
    CHECK(zone->offset_at(utc(2026y / July / 1, 0h)) == Offset{3h + 30min, "+0330", false});
  }
  SUBCASE("month-week-day dates with the default 02:00 and one-hour DST") {
    const auto zone = footer_zone("EST5EDT,M3.2.0,M11.1.0");
    REQUIRE(zone.has_value());
    CHECK(zone->offset_at(utc(2026y / March / 8, 6h, 59min, 59s)) == Offset{-5h, "EST", false});
    CHECK(zone->offset_at(utc(2026y / March / 8, 7h)) == Offset{-4h, "EDT", true});
    CHECK(zone->offset_at(utc(2026y / November / 1, 6h)) == Offset{-5h, "EST", false});
  }
  SUBCASE("a DST name without dates uses the US rules") {
    const auto zone = footer_zone("EST5EDT");
    REQUIRE(zone.has_value());
    CHECK(zone->offset_at(utc(2026y / March / 8, 7h)) == Offset{-4h, "EDT", true});
  }
  SUBCASE("Julian days never count 29 February") {
    const auto zone = footer_zone("XXX3YYY,J60/2,J300/2");
    REQUIRE(zone.has_value());
    CHECK(zone->offset_at(utc(2024y / March / 1, 4h, 59min, 59s)).is_dst == false);
    CHECK(zone->offset_at(utc(2024y / March / 1, 5h)) == Offset{-2h, "YYY", true});
    CHECK(zone->offset_at(utc(2026y / March / 1, 5h)).is_dst == true);
    CHECK(zone->offset_at(utc(2024y / October / 27, 4h)) == Offset{-3h, "XXX", false});
  }
  SUBCASE("zero-based days count 29 February in leap years") {
    const auto zone = footer_zone("XXX3YYY,59/2,299/2");
    REQUIRE(zone.has_value());
    CHECK(zone->offset_at(utc(2024y / February / 29, 5h)).is_dst == true);
    CHECK(zone->offset_at(utc(2026y / February / 28, 5h)).is_dst == false);
    CHECK(zone->offset_at(utc(2026y / March / 1, 5h)).is_dst == true);
    CHECK(zone->offset_at(utc(2024y / October / 26, 3h, 59min, 59s)).is_dst == true);
    CHECK(zone->offset_at(utc(2024y / October / 26, 4h)).is_dst == false);
  }
  SUBCASE("negative transition times fall on the day before") {
    const auto zone = footer_zone("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");
    REQUIRE(zone.has_value());
    CHECK(zone->offset_at(utc(2026y / March / 29, 0h, 59min, 59s)) == Offset{-3h, "-03", false});
    CHECK(zone->offset_at(utc(2026y / March / 29, 1h)) == Offset{-2h, "-02", true});
    CHECK(zone->offset_at(utc(2026y / October / 25, 0h, 59min, 59s)).is_dst == true);
    CHECK(zone->offset_at(utc(2026y / October / 25, 1h)).is_dst == false);
  }
  SUBCASE("transition times past 24 hours and with minutes") {
    const auto zone = footer_zone("AAA-2BBB,M3.5.0/26,M10.5.0/-1:30");
    REQUIRE(zone.has_value());
    CHECK(zone->offset_at(utc(2026y / March / 29, 23h, 59min, 59s)) == Offset{2h, "AAA", false});
    CHECK(zone->offset_at(utc(2026y / March / 30, 0h)) == Offset{3h, "BBB", true});
    CHECK(zone->offset_at(utc(2026y / October / 24, 19h, 29min, 59s)).is_dst == true);
    CHECK(zone->offset_at(utc(2026y / October / 24, 19h, 30min)).is_dst == false);
  }
  SUBCASE("DST all year (RFC 8536 section 3.3.1), also across the new year") {
    const auto zone = footer_zone("EST5EDT,0/0,J365/25");
    REQUIRE(zone.has_value());
    for (const auto t : {utc(2026y / January / 1, 0h), utc(2026y / January / 1, 5h),
                         utc(2026y / July / 1, 0h), utc(2026y / December / 31, 23h)}) {
      CHECK(zone->offset_at(t) == Offset{-4h, "EDT", true});
    }
  }
}

TEST_CASE("malformed footers are rejected") {
  for (const std::string_view footer :
       {"CET-1CEST,M3.5.0", "CET-1CEST,M3.5.0,", "CE-1", "CET", "CET-25", "CET-1:60",
        "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
        "CET-1CEST,M3.0.0,M10.5.0", "CET-1CEST,J0,J365", "CET-1CEST,366,1",
        "CET-1CEST,M3.5.0/168,M10.5.0", "<+0330-3:30", "<+0330>>-3:30", "CET-1 ", "CET-1CEST;x"}) {
    CAPTURE(footer);
    CHECK_FALSE(footer_zone(footer).has_value());
  }
}

TEST_CASE("malformed TZif data is rejected without crashing") {
  const auto paris = zone_bytes("Europe/Paris");
  REQUIRE(TimeZone::from_tzif("Europe/Paris", paris).has_value());
  const auto second_header = paris.find("TZif", 4);
  REQUIRE(second_header != std::string::npos);
  const std::vector<Type> one_type{{3600, false, "CET"}};

  SUBCASE("empty or not TZif at all") {
    CHECK_FALSE(TimeZone::from_tzif("x", "").has_value());
    CHECK_FALSE(TimeZone::from_tzif("x", "TZif").has_value());
    CHECK_FALSE(TimeZone::from_tzif("x", std::string(200, 'x')).has_value());
  }
  SUBCASE("bad magic or unknown version") {
    auto bytes = paris;
    bytes[0] = 't';
    CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
    bytes = paris;
    bytes[4] = '1';
    CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
    bytes = paris;
    bytes[second_header + 1] = 'x';
    CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
  }
  SUBCASE("every truncation of a real file") {
    for (std::size_t size = 0; size < paris.size(); ++size) {
      CAPTURE(size);
      CHECK_FALSE(TimeZone::from_tzif("x", std::string_view(paris).substr(0, size)).has_value());
    }
  }
  SUBCASE("huge or inconsistent counts in either header") {
    for (const std::size_t header : {std::size_t{0}, second_header}) {
      for (std::size_t field = 0; field < 6; ++field) {
        for (const std::uint32_t value : {0xffffffffu, 0x80000000u, 0x10000000u}) {
          CAPTURE(header);
          CAPTURE(field);
          auto bytes = paris;
          poke32(bytes, header + 20 + 4 * field, value);
          CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
        }
      }
    }
  }
  SUBCASE("no local time types") {
    CHECK_FALSE(TimeZone::from_tzif("x", tzif('2', {}, {}, "UTC0")).has_value());
  }
  SUBCASE("a transition to a type that does not exist") {
    CHECK_FALSE(TimeZone::from_tzif("x", tzif('2', {{0, 1}}, one_type, "CET-1")).has_value());
  }
  SUBCASE("transitions out of order") {
    const std::vector<Transition> unordered{{100, 0}, {100, 0}};
    CHECK_FALSE(TimeZone::from_tzif("x", tzif('2', unordered, one_type, "CET-1")).has_value());
  }
  SUBCASE("an offset beyond 26 hours or a DST flag other than 0 or 1") {
    CHECK_FALSE(TimeZone::from_tzif("x", tzif('2', {}, {{93600, false, "X"}})).has_value());
    CHECK_FALSE(TimeZone::from_tzif("x", tzif('2', {}, {{-90000, false, "X"}})).has_value());
    auto bytes = tzif('\0', {}, one_type);
    bytes[44 + 4] = 2;  // isdst of the only type
    CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
  }
  SUBCASE("an abbreviation outside its table or without its terminating NUL") {
    auto bytes = tzif('\0', {}, one_type);
    bytes[44 + 5] = 4;  // desigidx past "CET\0"
    CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
    bytes = tzif('\0', {}, one_type);
    bytes.back() = 'X';  // "CETX" with no NUL
    CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
  }
  SUBCASE("a footer without its newlines") {
    auto bytes = tzif('2', {}, one_type, "CET-1");
    CHECK_FALSE(TimeZone::from_tzif("x", bytes.substr(0, bytes.size() - 1)).has_value());
    bytes.erase(bytes.size() - 7, 1);  // the opening newline
    CHECK_FALSE(TimeZone::from_tzif("x", bytes).has_value());
  }
}

TEST_CASE("a real file with any single byte corrupted never crashes the reader") {
  const auto paris = zone_bytes("Europe/Paris");
  for (std::size_t i = 0; i < paris.size(); ++i) {
    for (const char value : {'\0', '\x7f', '\xff'}) {
      auto bytes = paris;
      bytes[i] = value;
      if (const auto zone = TimeZone::from_tzif("x", bytes)) {
        (void)zone->offset_at(sys_seconds::min());
        (void)zone->offset_at(utc(2026y / 7 / 1, 0h));
        (void)zone->offset_at(sys_seconds::max());
      }
    }
  }
}
