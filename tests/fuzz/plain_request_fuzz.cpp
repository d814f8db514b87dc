// libFuzzer harness for the server's own reading of plain requests (http/plain_request): on any
// framed head it accepts, cpp-httplib's parser, fed the same bytes, must
//  - reach a handler (no 400, 414 or 416 of its own, no 100 Continue written first), with no
//    body to read and no range to apply;
//  - see the same method, target, version, decoded path, query parameters, headers (names,
//    values and order) and parsed Accept list;
//  - and close the connection afterwards exactly when client_asks_to_close says.
// A head it declines is cpp-httplib's to answer: nothing is checked of it here.
// Built and run by scripts/fuzz.
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "fuzz_harness.hpp"
#include "http/head_framing.hpp"
#include "http/plain_request.hpp"
#include "memory_stream.hpp"

namespace http = polls::http;

namespace {

using polls::fuzz::MemoryStream;

// cpp-httplib's server with one catch-all handler that keeps the request it was given.
class Engine final : public httplib::Server {
 public:
  Engine() {
    const auto keep = [this](const httplib::Request& req, httplib::Response& res) {
      seen = req;
      written_before_handler = stream_->written();
      res.set_content("ok", "text/plain");
    };
    Get(".*", keep);
  }
  bool serve(MemoryStream& stream, bool& closed) {
    seen.reset();
    written_before_handler = 0;
    stream_ = &stream;
    return process_request(stream, "127.0.0.1", 40000, "127.0.0.1", 8000, false, closed, nullptr);
  }
  std::optional<httplib::Request> seen;
  std::size_t written_before_handler = 0;  // bytes cpp-httplib wrote before calling the handler

 private:
  MemoryStream* stream_ = nullptr;
};

}  // namespace

void polls::fuzz::check_input(std::string_view input) {
  const http::HeadScan scan = http::scan_head(input);
  if (scan.outcome != http::HeadScan::Outcome::Complete) return;
  const std::string_view head = input.substr(0, scan.length);
  httplib::Request ours;
  if (!http::parse_plain_request(head, ours)) return;
  FUZZ_CHECK(ours.method == "GET" || ours.method == "HEAD");

  static Engine engine;
  // cpp-httplib routes HEAD to the GET handlers.
  std::string answer;
  MemoryStream stream(head, answer);
  bool closed = false;
  FUZZ_CHECK(engine.serve(stream, closed));
  FUZZ_CHECK(!stream.wanted_more());
  FUZZ_CHECK(engine.seen.has_value());
  FUZZ_CHECK(engine.written_before_handler == 0);
  const httplib::Request& theirs = *engine.seen;
  FUZZ_CHECK(theirs.ranges.empty());
  FUZZ_CHECK(ours.method == theirs.method);
  FUZZ_CHECK(ours.target == theirs.target);
  FUZZ_CHECK(ours.version == theirs.version);
  FUZZ_CHECK(ours.path == theirs.path);
  FUZZ_CHECK(ours.params == theirs.params);
  FUZZ_CHECK(ours.headers.size() == theirs.headers.size());
  auto mine = ours.headers.begin();
  for (const auto& [name, value] : theirs.headers) {
    FUZZ_CHECK(mine->first == name && mine->second == value);
    ++mine;
  }
  FUZZ_CHECK(ours.accept_content_types == theirs.accept_content_types);
  FUZZ_CHECK(http::client_asks_to_close(ours) == closed);
}
