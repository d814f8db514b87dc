// Calendar dates and clock times written as ISO 8601 writes them ("2026-07-14", "09:05:00"),
// with no time zone: the zone-aware formats in timezone/ and db/ are built from these.
#pragma once

#include <chrono>
#include <string>

namespace polls::text {

// Appends "YYYY-MM-DD": four-digit years ("0026-07-14", not "26-07-14"), as printf's "%04d"
// writes them outside 0..9999 ("-001", "12345").
void append_date(std::string& out, std::chrono::year_month_day date);

// Appends "HH:MM:SS" for a time of day.
void append_time(std::string& out, const std::chrono::hh_mm_ss<std::chrono::seconds>& time);

// Appends "YYYY-MM-DD", separator, "HH:MM:SS" for an instant on the UTC (or any local) axis;
// fractions of a second are the caller's to add.
void append_date_time(std::string& out, std::chrono::sys_seconds instant, char separator);

// "YYYY-MM-DD", as append_date writes it.
std::string format_date(std::chrono::year_month_day date);

}  // namespace polls::text
