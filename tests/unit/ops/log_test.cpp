// Log lines: valid JSON whatever the input, one line each, the level filter, and the
// announcements it lets through.
#include "ops/log.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <string>

using polls::ops::Level;
using polls::ops::LogFormat;
using polls::ops::Logger;

TEST_CASE("JSON lines escape quotes, control characters and invalid UTF-8") {
  Logger log(LogFormat::Json, Level::Info);
  const std::string line = log.format_line(
      Level::Info, "request", {{"path", "/a\"b\\c\r\nd\x01\xff"}, {"status", std::int64_t{200}}});
  CHECK(line.find(R"("path":"/a\"b\\c\r\nd\u0001\ufffd")") != std::string::npos);
  CHECK(line.find(R"("status":200)") != std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.starts_with("{\"time\":\""));
  CHECK(line.ends_with("}"));
}

TEST_CASE("valid UTF-8 passes through unchanged") {
  std::string out;
  polls::ops::append_json_escaped(out, "Qu'est-ce que c'est ? 投票 🗳");
  CHECK(out == "Qu'est-ce que c'est ? 投票 🗳");
}

TEST_CASE("overlong forms and surrogates are invalid UTF-8 in logs too, a U+FFFD a byte") {
  // Logs once let these through; a reader that decodes strictly would choke on the line.
  std::string out;
  polls::ops::append_json_escaped(out,
                                  "a\xc0\xaf"
                                  "b\xed\xa0\x80"
                                  "c\xf4\x90\x80\x80");
  CHECK(out == R"(a\ufffd\ufffdb\ufffd\ufffd\ufffdc\ufffd\ufffd\ufffd\ufffd)");
}

TEST_CASE("text lines stay on one line") {
  Logger log(LogFormat::Text, Level::Info);
  const std::string line = log.format_line(Level::Warn, "csrf failure", {{"reason", "a\nb"}});
  CHECK(line.find("warn csrf failure reason=a\\nb") != std::string::npos);
}

TEST_CASE("levels below the threshold are off") {
  Logger log(LogFormat::Json, Level::Warn);
  CHECK_FALSE(log.enabled(Level::Info));
  CHECK(log.enabled(Level::Error));
}

TEST_CASE("announcements are written whatever the level, as info lines") {
  std::array<int, 2> fds{};
  REQUIRE(::pipe2(fds.data(), O_NONBLOCK | O_CLOEXEC) == 0);
  {
    const Logger log(LogFormat::Json, Level::Error, fds[1]);
    log.info("not written", {});
    log.warn("not written either", {});
    log.announce("polls is serving", {{"url", "http://127.0.0.1:41234/"}});
  }
  std::array<char, 4096> buffer{};
  const ssize_t n = ::read(fds[0], buffer.data(), buffer.size());
  ::close(fds[0]);
  ::close(fds[1]);
  REQUIRE(n > 0);
  const std::string written(buffer.data(), static_cast<std::size_t>(n));
  CHECK(written.find("not written") == std::string::npos);
  CHECK(
      written.find(R"("level":"info","msg":"polls is serving","url":"http://127.0.0.1:41234/")") !=
      std::string::npos);
  CHECK(written.ends_with("}\n"));
}
