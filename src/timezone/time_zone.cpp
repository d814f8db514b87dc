// Reads TZif files (RFC 8536) and the POSIX TZ rules in their footers, and answers which
// offset is in force at an instant.
#include "timezone/time_zone.hpp"

#include <algorithm>

#include "assets/embedded.hpp"

namespace polls::tz {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

// ASCII only: <cctype> depends on the C locale.
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// --- POSIX TZ strings --------------------------------------------------------------------

// Parses "std offset [dst [offset] [,start[/time],end[/time]]]" with the RFC 8536 extensions
// (rule times from -167h to 167h).
class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : text_(text) {}

  std::optional<detail::PosixRule> parse() {
    detail::PosixRule rule;
    const auto std_name = abbreviation();
    const auto std_offset = hms(24);
    if (!std_name || !std_offset) return std::nullopt;
    // POSIX offsets count hours west of Greenwich, the opposite sign of a UTC offset.
    rule.standard = Offset{-*std_offset, *std_name, false};
    if (at_end()) return rule;

    const auto dst_name = abbreviation();
    if (!dst_name) return std::nullopt;
    auto dst_offset = std::optional<seconds>(*std_offset - seconds{3600});
    if (!at_end() && peek() != ',') dst_offset = hms(24);
    if (!dst_offset) return std::nullopt;
    rule.daylight = Offset{-*dst_offset, *dst_name, true};

    if (at_end()) {
      // Valid POSIX without dates; use the US rules as tzcode does. TZif footers spell them out.
      rule.start = detail::RuleDate{.month = 3, .week = 2};
      rule.end = detail::RuleDate{.month = 11, .week = 1};
      return rule;
    }
    if (!consume(',')) return std::nullopt;
    const auto start = date();
    if (!start || !consume(',')) return std::nullopt;
    const auto end = date();
    if (!end || !at_end()) return std::nullopt;
    rule.start = *start;
    rule.end = *end;
    return rule;
  }

 private:
  [[nodiscard]] bool at_end() const { return pos_ == text_.size(); }
  [[nodiscard]] char peek() const { return at_end() ? '\0' : text_[pos_]; }
  bool consume(char c) {
    if (at_end() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // "CET", or "<+0330>" for names with digits or signs; at least three characters either way.
  std::optional<std::string> abbreviation() {
    const bool quoted = consume('<');
    const auto begin = pos_;
    while (!at_end() &&
           (is_alpha(peek()) || (quoted && (is_digit(peek()) || peek() == '+' || peek() == '-')))) {
      ++pos_;
    }
    const auto name = text_.substr(begin, pos_ - begin);
    if ((quoted && !consume('>')) || name.size() < 3) return std::nullopt;
    return std::string(name);
  }

  std::optional<int> number(int max) {
    if (!is_digit(peek())) return std::nullopt;
    int value = 0;
    while (is_digit(peek())) {
      value = value * 10 + (text_[pos_++] - '0');
      if (value > max) return std::nullopt;
    }
    return value;
  }

  // [+-]hh[:mm[:ss]]
  std::optional<seconds> hms(int max_hours) {
    const int sign = consume('-') ? -1 : 1;
    if (sign == 1) consume('+');
    const auto hours = number(max_hours);
    if (!hours) return std::nullopt;
    int minutes = 0;
    int secs = 0;
    if (consume(':')) {
      const auto m = number(59);
      if (!m) return std::nullopt;
      minutes = *m;
      if (consume(':')) {
        const auto s = number(59);
        if (!s) return std::nullopt;
        secs = *s;
      }
    }
    return seconds{sign * (*hours * 3600 + minutes * 60 + secs)};
  }

  // "Jn", "n" or "Mm.w.d", then an optional "/time".
  std::optional<detail::RuleDate> date() {
    using Kind = detail::RuleDate::Kind;
    detail::RuleDate d;
    if (consume('J')) {
      const auto n = number(365);
      if (!n || *n < 1) return std::nullopt;
      d.kind = Kind::kJulian;
      d.day = *n;
    } else if (consume('M')) {
      const auto m = number(12);
      if (!m || *m < 1 || !consume('.')) return std::nullopt;
      const auto w = number(5);
      if (!w || *w < 1 || !consume('.')) return std::nullopt;
      const auto wd = number(6);
      if (!wd) return std::nullopt;
      d.kind = Kind::kMonthWeekDay;
      d.month = *m;
      d.week = *w;
      d.weekday = *wd;
    } else {
      const auto n = number(365);
      if (!n) return std::nullopt;
      d.kind = Kind::kDayOfYear;
      d.day = *n;
    }
    if (consume('/')) {
      const auto time = hms(167);
      if (!time) return std::nullopt;
      d.time = *time;
    }
    return d;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// The UTC instant at which a rule date falls in a year, given the offset in force just before.
sys_seconds transition_in(std::chrono::year year, const detail::RuleDate& date,
                          seconds offset_before) {
  using Kind = detail::RuleDate::Kind;
  const sys_days jan1{year / std::chrono::January / 1};
  sys_days day = jan1;
  if (date.kind == Kind::kJulian) {
    // Jn never counts 29 February, so J60 is 1 March in every year.
    day = jan1 + days{date.day - 1 + (year.is_leap() && date.day >= 60 ? 1 : 0)};
  } else if (date.kind == Kind::kDayOfYear) {
    day = jan1 + days{date.day};
  } else {
    const std::chrono::month month(static_cast<unsigned>(date.month));
    const std::chrono::weekday weekday(static_cast<unsigned>(date.weekday));
    day = date.week == 5 ? sys_days{year / month / weekday[std::chrono::last]}
                         : sys_days{year / month / weekday[static_cast<unsigned>(date.week)]};
  }
  return day + date.time - offset_before;
}

const Offset& rule_offset(const detail::PosixRule& rule, sys_seconds utc) {
  if (!rule.daylight) return rule.standard;
  // Years far outside the calendar's range would overflow it; the rule repeats yearly anyway.
  constexpr sys_seconds kMin{sys_days{std::chrono::year{-30000} / 1 / 1}};
  constexpr sys_seconds kMax{sys_days{std::chrono::year{30000} / 1 / 1}};
  const auto t = std::clamp(utc, kMin, kMax);
  const auto year = std::chrono::year_month_day{std::chrono::floor<days>(t)}.year();
  // Rule times may push a year's transitions into the neighbouring UTC year, so take the latest
  // transition at or before t among three years. Later years win ties, which keeps all-year DST
  // ("EST5EDT,0/0,J365/25") in DST across the new year.
  std::optional<sys_seconds> latest;
  bool in_dst = false;
  const auto consider = [&](sys_seconds at, bool dst) {
    if (at <= t && (!latest || at >= *latest)) {
      latest = at;
      in_dst = dst;
    }
  };
  for (const auto y : {year - std::chrono::years{1}, year, year + std::chrono::years{1}}) {
    consider(transition_in(y, rule.start, rule.standard.utc_offset), true);
    consider(transition_in(y, rule.end, rule.daylight->utc_offset), false);
  }
  return in_dst ? *rule.daylight : rule.standard;
}

// --- TZif --------------------------------------------------------------------------------

// Hands out consecutive slices of the input; every slice is bounds-checked, so malformed data
// ends in nullopt rather than a read past the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  std::optional<std::string_view> take(std::uint64_t n) {
    if (n > bytes_.size() - pos_) return std::nullopt;
    const auto slice = bytes_.substr(pos_, n);
    pos_ += n;
    return slice;
  }
  [[nodiscard]] std::string_view rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// A big-endian two's complement integer of 4 or 8 bytes.
std::int64_t signed_be(std::string_view bytes) {
  std::uint64_t value = 0;
  for (const char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  if (bytes.size() == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
  return static_cast<std::int64_t>(value);
}

struct Header {
  char version = 0;
  std::uint32_t isutcnt = 0;
  std::uint32_t isstdcnt = 0;
  std::uint32_t leapcnt = 0;
  std::uint32_t timecnt = 0;
  std::uint32_t typecnt = 0;
  std::uint32_t charcnt = 0;
};

constexpr std::size_t kHeaderSize = 44;
constexpr std::size_t kTypeSize = 6;  // int32 utoff, uint8 isdst, uint8 desigidx

std::optional<Header> read_header(Reader& in) {
  const auto bytes = in.take(kHeaderSize);
  if (!bytes || bytes->substr(0, 4) != "TZif") return std::nullopt;
  Header h;
  h.version = (*bytes)[4];
  if (h.version != '\0' && (h.version < '2' || h.version > '4')) return std::nullopt;
  const auto count = [&](std::size_t i) {
    return static_cast<std::uint32_t>(signed_be(bytes->substr(20 + 4 * i, 4)));
  };
  h.isutcnt = count(0);
  h.isstdcnt = count(1);
  h.leapcnt = count(2);
  h.timecnt = count(3);
  h.typecnt = count(4);
  h.charcnt = count(5);
  return h;
}

// In 64 bits, so huge counts cannot wrap around into a small, plausible size.
std::uint64_t block_size(const Header& h, std::uint64_t time_size) {
  return std::uint64_t{h.timecnt} * (time_size + 1) + std::uint64_t{h.typecnt} * kTypeSize +
         h.charcnt + std::uint64_t{h.leapcnt} * (time_size + 4) + h.isstdcnt + h.isutcnt;
}

struct Table {
  std::vector<std::int64_t> transitions;
  std::vector<std::uint8_t> transition_types;
  std::vector<Offset> types;
};

std::optional<Table> read_table(Reader& in, const Header& h, std::size_t time_size) {
  // RFC 8536's constraints; transitions name their type in one byte, so at most 256 types.
  // Checked here, not in read_header: the counts of a skipped version 1 block only size it.
  if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0 ||
      (h.isutcnt != 0 && h.isutcnt != h.typecnt) || (h.isstdcnt != 0 && h.isstdcnt != h.typecnt)) {
    return std::nullopt;
  }
  const auto block = in.take(block_size(h, time_size));
  if (!block) return std::nullopt;  // also guards every substr below
  const auto times = block->substr(0, std::size_t{h.timecnt} * time_size);
  const auto indices = block->substr(times.size(), h.timecnt);
  const auto records = block->substr(times.size() + indices.size(), h.typecnt * kTypeSize);
  const auto chars = block->substr(times.size() + indices.size() + records.size(), h.charcnt);

  Table table;
  table.transitions.reserve(h.timecnt);
  table.transition_types.reserve(h.timecnt);
  for (std::size_t i = 0; i < h.timecnt; ++i) {
    const auto at = signed_be(times.substr(i * time_size, time_size));
    const auto type = static_cast<std::uint8_t>(indices[i]);
    if ((!table.transitions.empty() && at <= table.transitions.back()) || type >= h.typecnt) {
      return std::nullopt;
    }
    table.transitions.push_back(at);
    table.transition_types.push_back(type);
  }
  table.types.reserve(h.typecnt);
  for (std::size_t i = 0; i < h.typecnt; ++i) {
    const auto record = records.substr(i * kTypeSize, kTypeSize);
    const auto utoff = signed_be(record.substr(0, 4));
    const auto isdst = static_cast<unsigned char>(record[4]);
    const auto desigidx = static_cast<unsigned char>(record[5]);
    const auto nul = chars.find('\0', desigidx);
    // RFC 8536 keeps offsets within -25h..+26h; abbreviations are NUL-terminated.
    if (utoff < -89999 || utoff > 93599 || isdst > 1 || desigidx >= chars.size() ||
        nul == std::string_view::npos) {
      return std::nullopt;
    }
    table.types.push_back(
        Offset{seconds{utoff}, std::string(chars.substr(desigidx, nul - desigidx)), isdst == 1});
  }
  // Leap-second records (only in the right/ zones, which are not embedded) and the
  // standard/UT indicators (only for POSIX strings without rules) are not needed.
  return table;
}

// The footer of a version 2+ file: "\n" TZ-string "\n". nullopt if it is malformed; an empty
// inner optional if the string is empty, meaning no rule after the last transition.
std::optional<std::optional<detail::PosixRule>> read_footer(Reader& in) {
  const auto rest = in.rest();
  const auto close = rest.find('\n', 1);
  if (rest.empty() || rest.front() != '\n' || close == std::string_view::npos) return std::nullopt;
  const auto text = rest.substr(1, close - 1);
  in.take(close + 1);
  if (text.empty()) return std::optional<detail::PosixRule>();
  auto rule = PosixParser(text).parse();
  if (!rule) return std::nullopt;
  return rule;
}

// Zone names become paths under zoneinfo/: only the characters IANA names use are allowed
// (letters, digits, "_", "+", "-", "/"), so a configured name cannot reach anything else.
bool is_zone_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return is_alpha(c) || is_digit(c) || c == '_' || c == '+' || c == '-' || c == '/';
  });
}

}  // namespace

std::optional<TimeZone> TimeZone::load(std::string_view name) {
  if (!is_zone_name(name)) return std::nullopt;
  if (name == "UTC" || name == "Etc/UTC") {
    TimeZone utc{std::string(name)};
    utc.types_.push_back(Offset{seconds{0}, "UTC", false});
    return utc;
  }
  const auto bytes = assets::find_embedded(std::string("zoneinfo/").append(name));
  if (!bytes) return std::nullopt;
  return from_tzif(std::string(name), *bytes);
}

std::optional<TimeZone> TimeZone::from_tzif(std::string name, std::string_view bytes) {
  Reader in(bytes);
  auto header = read_header(in);
  if (!header) return std::nullopt;
  std::optional<Table> table;
  std::optional<detail::PosixRule> rule;
  if (header->version == '\0') {
    table = read_table(in, *header, 4);
  } else {
    // Version 2+ files repeat the data with 64-bit times after the 32-bit block, which
    // RFC 8536 tells readers to skip.
    if (!in.take(block_size(*header, 4))) return std::nullopt;
    header = read_header(in);
    if (!header || header->version == '\0') return std::nullopt;
    table = read_table(in, *header, 8);
    if (!table) return std::nullopt;
    auto footer = read_footer(in);
    if (!footer) return std::nullopt;
    rule = std::move(*footer);
  }
  if (!table) return std::nullopt;
  // Anything after the footer is ignored: later versions may append data.

  TimeZone zone{std::move(name)};
  zone.transitions_ = std::move(table->transitions);
  zone.transition_types_ = std::move(table->transition_types);
  zone.types_ = std::move(table->types);
  zone.rule_ = std::move(rule);
  return zone;
}

Offset TimeZone::offset_at(sys_seconds utc) const {
  const auto t = utc.time_since_epoch().count();
  // A file with a rule and no transitions (e.g. "UTC0") means the rule holds at all times.
  if (rule_ && (transitions_.empty() || t > transitions_.back())) return rule_offset(*rule_, utc);
  const auto next = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  // RFC 8536: before the first transition, the first type (usually LMT) applies.
  if (next == transitions_.begin()) return types_.front();
  return types_[transition_types_[static_cast<std::size_t>(next - transitions_.begin() - 1)]];
}

}  // namespace polls::tz
