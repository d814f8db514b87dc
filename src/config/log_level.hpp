// The log levels' one vocabulary: the names log_level accepts are the names log lines carry.
// Here on the bottom floor so that config/ can validate the key and ops/ can log with it.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace polls::config {

enum class LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3 };

// Indexed by LogLevel, least severe first.
inline constexpr std::array<std::string_view, 4> kLogLevelNames = {"debug", "info", "warn",
                                                                   "error"};

// "debug", "info", "warn" or "error"; nullopt for anything else.
std::optional<LogLevel> parse_log_level(std::string_view text);

std::string_view log_level_name(LogLevel level);

}  // namespace polls::config
