// The log levels' one vocabulary, shared by the log_level key and the logger.
#include "config/log_level.hpp"

#include <doctest/doctest.h>

namespace polls::config {
namespace {

TEST_CASE("each level name parses to its level and back") {
  for (const auto level : {LogLevel::Debug, LogLevel::Info, LogLevel::Warn, LogLevel::Error}) {
    const auto name = log_level_name(level);
    CAPTURE(name);
    CHECK(parse_log_level(name) == level);
  }
  CHECK(log_level_name(LogLevel::Warn) == "warn");
}

TEST_CASE("levels are ordered from least to most severe") {
  CHECK(LogLevel::Debug < LogLevel::Info);
  CHECK(LogLevel::Info < LogLevel::Warn);
  CHECK(LogLevel::Warn < LogLevel::Error);
}

TEST_CASE("only the four names are levels: no aliases, no other case") {
  for (const auto* text : {"", "warning", "WARN", "Info", "trace", "fatal", " info", "info "}) {
    CAPTURE(text);
    CHECK_FALSE(parse_log_level(text).has_value());
  }
}

}  // namespace
}  // namespace polls::config
