// ISO 8601 dates and times of day; see civil_date.hpp. Digits are written by hand, not with
// snprintf: these run for every timestamp a request stores or logs.
#include "text/civil_date.hpp"

#include <cstdio>

namespace polls::text {
namespace {

void append_two_digits(std::string& out, unsigned value) {
  out += static_cast<char>('0' + value / 10 % 10);
  out += static_cast<char>('0' + value % 10);
}

void append_year(std::string& out, int year) {
  if (year < 0 || year > 9999) {
    char buffer[16];
    const int length = std::snprintf(buffer, sizeof buffer, "%04d", year);
    out.append(buffer, static_cast<std::size_t>(length));
    return;
  }
  append_two_digits(out, static_cast<unsigned>(year / 100));
  append_two_digits(out, static_cast<unsigned>(year % 100));
}

}  // namespace

void append_date(std::string& out, std::chrono::year_month_day date) {
  append_year(out, static_cast<int>(date.year()));
  out += '-';
  append_two_digits(out, static_cast<unsigned>(date.month()));
  out += '-';
  append_two_digits(out, static_cast<unsigned>(date.day()));
}

void append_time(std::string& out, const std::chrono::hh_mm_ss<std::chrono::seconds>& time) {
  append_two_digits(out, static_cast<unsigned>(time.hours().count()));
  out += ':';
  append_two_digits(out, static_cast<unsigned>(time.minutes().count()));
  out += ':';
  append_two_digits(out, static_cast<unsigned>(time.seconds().count()));
}

void append_date_time(std::string& out, std::chrono::sys_seconds instant, char separator) {
  const auto day = std::chrono::floor<std::chrono::days>(instant);
  append_date(out, std::chrono::year_month_day{day});
  out += separator;
  append_time(out, std::chrono::hh_mm_ss<std::chrono::seconds>{instant - day});
}

std::string format_date(std::chrono::year_month_day date) {
  std::string out;
  append_date(out, date);
  return out;
}

}  // namespace polls::text
