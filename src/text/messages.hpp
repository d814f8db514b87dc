// Pieces of the sentences polls writes for people: a quoted value, a counted noun.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace polls::text {

// text in straight double quotes, as messages about config values show it: "\"8000\"". Nothing
// inside is escaped.
std::string quote(std::string_view text);

// The count and the noun that agrees with it, as Django's pluralize filter does in English:
// "1 vote", "0 votes", "2 votes".
std::string counted(std::int64_t count, std::string_view singular, std::string_view plural);

}  // namespace polls::text
