// Structured logs to stdout: one JSON object per line (for machines), or a readable line (for a
// terminal). Lines are written whole with one write(2), so concurrent threads never interleave.
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "config/log_level.hpp"

namespace polls::ops {

// The levels config/ validates log_level against: one vocabulary.
using Level = config::LogLevel;
enum class LogFormat { Json, Text };

struct Field {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, double, bool> value;
};

class Logger {
 public:
  // fd: where lines go (stdout in production, a pipe or file in tests).
  Logger(LogFormat format, Level level, int fd = 1);

  bool enabled(Level level) const { return level >= level_; }
  void log(Level level, std::string_view message, std::initializer_list<Field> fields = {}) const;
  void debug(std::string_view m, std::initializer_list<Field> f = {}) const {
    log(Level::Debug, m, f);
  }
  void info(std::string_view m, std::initializer_list<Field> f = {}) const {
    log(Level::Info, m, f);
  }
  void warn(std::string_view m, std::initializer_list<Field> f = {}) const {
    log(Level::Warn, m, f);
  }
  void error(std::string_view m, std::initializer_list<Field> f = {}) const {
    log(Level::Error, m, f);
  }
  // An info line written whatever the level, for what an operator must always be told: where
  // polls serves (given port 0, the log is the only place that names the port it got).
  void announce(std::string_view m, std::initializer_list<Field> f = {}) const {
    write_line(Level::Info, m, f);
  }

  // The line log() would write, without the newline (for tests).
  std::string format_line(Level level, std::string_view message,
                          std::initializer_list<Field> fields) const;

 private:
  void write_line(Level level, std::string_view message, std::initializer_list<Field> fields) const;

  LogFormat format_;
  Level level_;
  int fd_;
};

// JSON string escaping (quotes not included): text::append_json_escaped, which the API shares.
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace polls::ops
