// Conversion between timestamps and Django's datetime text.
#include "db/datetime.hpp"

#include "text/civil_date.hpp"
#include "text/integer.hpp"

namespace polls::db {

namespace {

bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
  const auto value = text::fixed_digits(text, pos, count);
  if (!value) return false;
  out = *value;
  pos += count;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

void append_db_text(std::string& out, Timestamp t) {
  using namespace std::chrono;
  const auto whole = floor<seconds>(t);
  text::append_date_time(out, whole, ' ');
  auto micros = static_cast<long>((t - whole).count());
  if (micros == 0) return;
  // ".ffffff", written by hand: snprintf costs more than the rest of the conversion.
  char digits[7] = {'.'};
  for (int i = 6; i >= 1; --i, micros /= 10) digits[i] = static_cast<char>('0' + micros % 10);
  out.append(digits, sizeof digits);
}

std::string to_db_text(Timestamp t) {
  std::string out;
  out.reserve(26);
  append_db_text(out, t);
  return out;
}

std::optional<Timestamp> from_db_text(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  int y, mo, d, h, mi, s;
  if (!read_digits(text, pos, 4, y) || !expect(text, pos, '-') || !read_digits(text, pos, 2, mo) ||
      !expect(text, pos, '-') || !read_digits(text, pos, 2, d)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != ' ' && text[pos] != 'T')) return std::nullopt;
  ++pos;
  if (!read_digits(text, pos, 2, h) || !expect(text, pos, ':') || !read_digits(text, pos, 2, mi) ||
      !expect(text, pos, ':') || !read_digits(text, pos, 2, s)) {
    return std::nullopt;
  }
  long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) {
        micros = micros * 10 + (text[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; ++digits) micros *= 10;
  }
  int offset_minutes = 0;
  if (pos < text.size()) {
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
      ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
      const int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!read_digits(text, pos, 2, oh)) return std::nullopt;
      if (pos < text.size()) {
        expect(text, pos, ':');
        if (!read_digits(text, pos, 2, om)) return std::nullopt;
      }
      offset_minutes = sign * (oh * 60 + om);
    }
    if (pos != text.size()) return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return Timestamp{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{s} + microseconds{micros} -
         minutes{offset_minutes};
}

}  // namespace polls::db
