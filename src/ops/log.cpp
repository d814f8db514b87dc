// Formatting and writing log lines.
#include "ops/log.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "text/civil_date.hpp"
#include "text/json.hpp"

namespace polls::ops {

namespace {

std::string utc_now() {
  using namespace std::chrono;
  const auto now = floor<milliseconds>(system_clock::now());
  const auto whole = floor<seconds>(now);
  std::string out;
  out.reserve(24);
  text::append_date_time(out, whole, 'T');
  const auto millis = static_cast<int>((now - whole).count());  // 0..999
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  out += static_cast<char>('0' + millis / 10 % 10);
  out += static_cast<char>('0' + millis % 10);
  out += 'Z';
  return out;
}

void append_value(std::string& out, const Field& field, bool json) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (json) {
            out += '"';
            append_json_escaped(out, v);
            out += '"';
          } else {
            append_json_escaped(out, v);  // text lines stay one line: control bytes escaped too
          }
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          char buffer[32];
          std::snprintf(buffer, sizeof buffer, "%.3f", v);
          out += buffer;
        } else {
          out += std::to_string(v);
        }
      },
      field.value);
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  text::append_json_escaped(out, text);
}

Logger::Logger(LogFormat format, Level level, int fd) : format_(format), level_(level), fd_(fd) {}

std::string Logger::format_line(Level level, std::string_view message,
                                std::initializer_list<Field> fields) const {
  std::string line;
  line.reserve(256);
  if (format_ == LogFormat::Json) {
    line += "{\"time\":\"" + utc_now() + "\",\"level\":\"";
    line += config::log_level_name(level);
    line += "\",\"msg\":\"";
    append_json_escaped(line, message);
    line += '"';
    for (const Field& f : fields) {
      line += ",\"";
      append_json_escaped(line, f.key);
      line += "\":";
      append_value(line, f, true);
    }
    line += '}';
  } else {
    line += utc_now();
    line += ' ';
    line += config::log_level_name(level);
    line += ' ';
    append_json_escaped(line, message);
    for (const Field& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      append_value(line, f, false);
    }
  }
  return line;
}

void Logger::log(Level level, std::string_view message, std::initializer_list<Field> fields) const {
  if (enabled(level)) write_line(level, message, fields);
}

void Logger::write_line(Level level, std::string_view message,
                        std::initializer_list<Field> fields) const {
  std::string line = format_line(level, message, fields);
  line += '\n';
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n <= 0) return;  // stdout closed: logging must never take the server down
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace polls::ops
