// See log_level.hpp.
#include "config/log_level.hpp"

#include <algorithm>
#include <cstddef>

namespace polls::config {

std::optional<LogLevel> parse_log_level(std::string_view text) {
  const auto it = std::ranges::find(kLogLevelNames, text);
  if (it == kLogLevelNames.end()) return std::nullopt;
  return static_cast<LogLevel>(it - kLogLevelNames.begin());
}

std::string_view log_level_name(LogLevel level) {
  return kLogLevelNames.at(static_cast<std::size_t>(level));
}

}  // namespace polls::config
