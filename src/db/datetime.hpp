// Datetimes as Django stores them: UTC, as text "YYYY-MM-DD HH:MM:SS[.ffffff]" in SQLite. The
// backends bind and read db::Timestamp with these; code outside db/ never sees the text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "db/timestamp.hpp"

namespace polls::db {

// "2026-11-25 16:33:05.123456" (the fraction only when it is not zero, as Django writes it).
std::string to_db_text(Timestamp t);
// The same, appended to out (no allocation when out has room).
void append_db_text(std::string& out, Timestamp t);

// Reads Django's text and the variants other writers use: a "T" separator, 1 to 6 fraction
// digits, a trailing "Z", "+00:00" or "+00" (PostgreSQL's timestamptz text). Other offsets are
// applied. nullopt if it is not a datetime.
std::optional<Timestamp> from_db_text(std::string_view text);

}  // namespace polls::db
