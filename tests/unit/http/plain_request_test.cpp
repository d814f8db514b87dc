// The plain requests a worker reads itself (http/plain_request): what it takes, what it leaves
// to cpp-httplib, and what it makes of a head. tests/fuzz/plain_request_fuzz.cpp compares it
// with cpp-httplib's parser on any input; tests/http/plain_requests_test.cpp the answers.
#include "http/plain_request.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace http = polls::http;

namespace {

bool takes(const std::string& head) {
  httplib::Request req;
  return http::parse_plain_request(head, req);
}

}  // namespace

TEST_CASE("a plain GET is read into the request a handler sees") {
  httplib::Request req;
  REQUIRE(http::parse_plain_request(
      "GET /polls/%31/?a=%41+b&a=c&empty= HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: \t v \t\r\n"
      "Cookie: k=%41\r\nReferer: http://x/%41\r\nAccept: text/html;q=0.9, */*;q=0.1\r\n\r\n",
      req));
  CHECK(req.method == "GET");
  CHECK(req.target == "/polls/%31/?a=%41+b&a=c&empty=");
  CHECK(req.version == "HTTP/1.1");
  CHECK(req.path == "/polls/1/");
  std::vector<std::string> a;
  for (auto [it, end] = req.params.equal_range("a"); it != end; ++it) a.push_back(it->second);
  std::sort(a.begin(), a.end());
  CHECK(a == std::vector<std::string>{"A b", "c"});
  CHECK(req.get_param_value("empty").empty());
  CHECK(req.has_param("empty"));
  // Values trimmed; percent-decoded as cpp-httplib does, except Referer's (and Location's).
  CHECK(req.get_header_value("X-Pad") == "v");
  CHECK(req.get_header_value("Cookie") == "k=A");
  CHECK(req.get_header_value("Referer") == "http://x/%41");
  CHECK(req.headers.size() == 5);
  CHECK(req.accept_content_types == std::vector<std::string>{"text/html", "*/*"});
  CHECK_FALSE(http::client_asks_to_close(req));
}

TEST_CASE("HEAD, HTTP/1.0 and Content-Length: 0 are plain too") {
  CHECK(takes("HEAD / HTTP/1.1\r\n\r\n"));
  CHECK(takes("GET / HTTP/1.0\r\n\r\n"));
  CHECK(takes("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
  CHECK(takes("GET / HTTP/1.1\r\ncontent-length: 0\r\ncontent-length: 0\r\n\r\n"));
}

TEST_CASE("what is not plain is left to cpp-httplib") {
  const std::vector<std::string> heads = {
      // Other methods, versions, request lines.
      "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
      "OPTIONS / HTTP/1.1\r\n\r\n",
      "get / HTTP/1.1\r\n\r\n",
      "GET / HTTP/2.0\r\n\r\n",
      "GET /  HTTP/1.1\r\n\r\n",
      "GET\t/ HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1 \r\n\r\n",
      "GET /#top HTTP/1.1\r\n\r\n",
      "GET /a%0Ab HTTP/1.1\r\n\r\n",
      "GET /a%0db HTTP/1.1\r\n\r\n",
      "GET " + std::string(8193, 'a') + " HTTP/1.1\r\n\r\n",
      // A body, a range, a 100-continue, an upgrade: whatever the case of the name.
      "GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 00\r\n\r\n",
      "GET / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n",
      "GET / HTTP/1.1\r\nRANGE: bytes=0-1\r\n\r\n",
      "GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
      "GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
      // Bytes and headers cpp-httplib judges.
      "GET / HTTP/1.1\r\nA: b\nC: d\r\n\r\n",
      std::string("GET / HTTP/1.1\r\nA: \0\r\n\r\n", 24),
      "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
      "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
      "GET / HTTP/1.1\r\nX: " + std::string(8200, 'v') + "\r\n\r\n",
      "GET / HTTP/1.1\r\nAccept: text/html;q=x\r\n\r\n",
      // Not a whole head.
      "GET / HTTP/1.1\r\nHost: x\r\n",
  };
  for (const std::string& head : heads) {
    INFO(head.substr(0, 80));
    CHECK_FALSE(takes(head));
  }
  // cpp-httplib takes at most 100 headers.
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 100; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  CHECK(takes(many + "\r\n"));
  CHECK_FALSE(takes(many + "X-100: v\r\n\r\n"));
}

TEST_CASE("the connection closes after a plain request as cpp-httplib decides") {
  const auto asks_to_close = [](const std::string& head) {
    httplib::Request req;
    REQUIRE(http::parse_plain_request(head, req));
    return http::client_asks_to_close(req);
  };
  CHECK(asks_to_close("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
  CHECK_FALSE(asks_to_close("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n"));
  CHECK(asks_to_close("GET / HTTP/1.0\r\n\r\n"));
  CHECK_FALSE(asks_to_close("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
  // cpp-httplib compares these case-sensitively.
  CHECK(asks_to_close("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  CHECK_FALSE(asks_to_close("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"));
}
