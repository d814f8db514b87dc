// Where a request head ends in the bytes received so far (http/head_framing).
#include "http/head_framing.hpp"

#include <doctest/doctest.h>

#include <string>

namespace http = polls::http;
using Outcome = http::HeadScan::Outcome;

TEST_CASE("a head ends at the first empty CRLF line after the request line") {
  const std::string get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  CHECK(http::scan_head(get).outcome == Outcome::Complete);
  CHECK(http::scan_head(get).length == get.size());
  // Without headers, and with the next request's bytes behind it.
  const std::string bare = "GET / HTTP/1.0\r\n\r\n";
  CHECK(http::scan_head(bare + "GET /next HTTP/1.1\r\n").length == bare.size());
  // A body after the head is not part of it.
  CHECK(http::scan_head("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab").length == 38);
}

TEST_CASE("a head is incomplete until its empty line has arrived, byte by byte too") {
  const std::string get = "GET /polls/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n";
  std::size_t resume = 0;
  for (std::size_t n = 0; n < get.size(); ++n) {
    INFO(n);
    const auto scan = http::scan_head(std::string_view(get).substr(0, n), resume);
    REQUIRE(scan.outcome == Outcome::Incomplete);
    CHECK(scan.resume <= n);
    resume = scan.resume;
  }
  const auto scan = http::scan_head(get, resume);
  CHECK(scan.outcome == Outcome::Complete);
  CHECK(scan.length == get.size());
}

TEST_CASE("lines end only at CRLF, as cpp-httplib reads them: a bare LF ends nothing") {
  CHECK(http::scan_head("GET / HTTP/1.1\nHost: x\n\n").outcome == Outcome::Incomplete);
  CHECK(http::scan_head("GET / HTTP/1.1\r\nHost: x\n\r\n").outcome == Outcome::Incomplete);
  CHECK(http::scan_head("GET / HTTP/1.1\r\nHost: x\n\r\n\r\n").length == 28);
  // Garbage that ends in an empty line is framed, so that the parser can refuse it with 400.
  CHECK(http::scan_head("\r\n\r\n").outcome == Outcome::Complete);
  CHECK(http::scan_head("\r\n\r\n").length == 4);
}

TEST_CASE("a request line or a head too long is refused before more is buffered") {
  const std::string long_target = "GET /" + std::string(http::kMaxRequestLineBytes, 'a');
  CHECK(http::scan_head(long_target).outcome == Outcome::RequestLineTooLong);
  CHECK(http::scan_head(long_target + " HTTP/1.1\r\n\r\n").outcome == Outcome::RequestLineTooLong);
  // Just under the limits is fine.
  const std::string fits = "GET /" + std::string(8000, 'a') + " HTTP/1.1\r\n\r\n";
  CHECK(http::scan_head(fits).outcome == Outcome::Complete);
  std::string many = "GET / HTTP/1.1\r\n";
  while (many.size() < http::kMaxHeadBytes) many += "X-Padding: " + std::string(100, 'p') + "\r\n";
  CHECK(http::scan_head(many).outcome == Outcome::HeadTooLarge);
  CHECK(http::scan_head(many + "\r\n").outcome == Outcome::HeadTooLarge);
}
