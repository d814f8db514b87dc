// libFuzzer harness for the connection layer's framing: where a head ends (http/head_framing),
// and what cpp-httplib's parser then makes of it, Content-Length and chunk sizes included,
// reading from a stream that serves the bytes as the event loop buffered them.
//  - scan_head agrees with a plain reference, and scanning in two pieces (as bytes arrive)
//    finds what one scan of all the bytes finds;
//  - each framed request is parsed and answered with a well-formed response that is never a
//    5xx, the parser never reads past the bytes there are, and a kept connection's next
//    request starts where the last one ended.
// Built and run by scripts/fuzz.
#include <httplib.h>

#include <string>
#include <string_view>

#include "fuzz_harness.hpp"
#include "http/head_framing.hpp"
#include "memory_stream.hpp"

namespace http = polls::http;
using Outcome = http::HeadScan::Outcome;

namespace {

// The rule written the slow way: lines end at CRLF, the head at the first empty line.
http::HeadScan reference(std::string_view in) {
  http::HeadScan scan;
  const std::size_t line_end = in.find("\r\n");
  if (line_end == std::string_view::npos || line_end >= http::kMaxRequestLineBytes) {
    scan.outcome = line_end == std::string_view::npos && in.size() <= http::kMaxRequestLineBytes
                       ? Outcome::Incomplete
                       : Outcome::RequestLineTooLong;
    return scan;
  }
  for (std::size_t at = line_end; at + 4 <= in.size() && at + 4 <= http::kMaxHeadBytes; ++at) {
    if (in.compare(at, 4, "\r\n\r\n") == 0) {
      scan.outcome = Outcome::Complete;
      scan.length = at + 4;
      return scan;
    }
  }
  scan.outcome = in.size() >= http::kMaxHeadBytes ? Outcome::HeadTooLarge : Outcome::Incomplete;
  return scan;
}

// Whether a head announces a body (Content-Length or Transfer-Encoding, in any case).
bool announces_body(std::string_view head) {
  std::string lower(head);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower.find("content-length") != std::string::npos ||
         lower.find("transfer-encoding") != std::string::npos;
}

using polls::fuzz::MemoryStream;

class Engine final : public httplib::Server {
 public:
  Engine() {
    set_payload_max_length(4096);
    const auto ok = [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("ok " + std::to_string(req.body.size()), "text/plain");
    };
    Get(".*", ok);
    Post(".*", ok);
    Put(".*", ok);
    Delete(".*", ok);
    Options(".*", ok);
  }
  bool serve(MemoryStream& stream, bool& closed) {
    return process_request(stream, "127.0.0.1", 40000, "127.0.0.1", 8000, false, closed, nullptr);
  }
};

void check_response(std::string_view out) {
  if (out.empty()) return;  // nothing answered (the stream ended inside the request)
  FUZZ_CHECK(out.starts_with("HTTP/1.1 ") && out.size() >= 12);
  const char first_digit = out[9];
  FUZZ_CHECK(first_digit >= '1' && first_digit <= '4');  // never a 5xx
  FUZZ_CHECK(out.find("\r\n\r\n") != std::string_view::npos);
}

}  // namespace

void polls::fuzz::check_input(std::string_view input) {
  const std::size_t size = input.size();
  const http::HeadScan whole = http::scan_head(input);
  const http::HeadScan expected = reference(input);
  FUZZ_CHECK(whole.outcome == expected.outcome);
  if (whole.outcome == Outcome::Complete) FUZZ_CHECK(whole.length == expected.length);
  // The same bytes arriving in two pieces.
  for (const std::size_t cut : {size / 3, size / 2, size - size / 4}) {
    const http::HeadScan first = http::scan_head(input.substr(0, cut));
    if (first.outcome != Outcome::Incomplete) continue;
    FUZZ_CHECK(first.resume <= cut);
    const http::HeadScan then = http::scan_head(input, first.resume);
    FUZZ_CHECK(then.outcome == whole.outcome);
    if (then.outcome == Outcome::Complete) FUZZ_CHECK(then.length == whole.length);
  }

  static Engine engine;
  std::string buffer(input);  // what a connection holds; the worker may add Content-Length: 0
  std::size_t at = 0;
  for (int requests = 0; requests < 8; ++requests) {
    std::string_view rest = std::string_view(buffer).substr(at);
    const http::HeadScan scan = http::scan_head(rest);
    if (scan.outcome != Outcome::Complete) break;
    std::size_t head_length = scan.length;
    if (const auto insert = http::missing_zero_length_at(rest.substr(0, scan.length))) {
      buffer.insert(at + *insert, http::kZeroLengthHeader);
      head_length += http::kZeroLengthHeader.size();
      rest = std::string_view(buffer).substr(at);
      FUZZ_CHECK(http::scan_head(rest).length == head_length);
      FUZZ_CHECK(!http::missing_zero_length_at(rest.substr(0, head_length)));
    }
    std::string out;
    const bool bodyless = !announces_body(rest.substr(0, head_length));
    // A request without a body gets only its framed head: the parser must need no more. What
    // the loop calls a whole head, cpp-httplib must too, or a worker would wait on the socket.
    MemoryStream stream(bodyless ? rest.substr(0, head_length) : rest, out);
    bool closed = false;
    const bool answered = engine.serve(stream, closed);
    if (bodyless) FUZZ_CHECK(!stream.wanted_more());
    check_response(out);
    if (!answered || closed || out.find("Connection: close") != std::string::npos) break;
    at += stream.consumed();
  }
}
