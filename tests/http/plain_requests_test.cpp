// The server answers plain GET and HEAD requests itself (http/plain_request.hpp,
// server_plain.cpp) and leaves the rest to cpp-httplib. A client must not be able to tell: the
// same requests to a site that reads them itself and to one that gives every request to
// cpp-httplib get the same responses, byte for byte but for what is random in each (request
// ids, CSRF tokens). tests/fuzz/plain_request_fuzz.cpp checks the parsing on any input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <regex>
#include <string>
#include <vector>

#include "http/support.hpp"

using polls::test::RawConnection;
using polls::test::RawResponse;
using polls::test::SiteOptions;
using polls::test::TestSite;

namespace {

SiteOptions with_plain_requests(bool on) {
  SiteOptions options;
  options.answer_plain_requests = on;
  options.routes = [](polls::http::Router& router) {
    router.add("GET", "/boom",
               [](const httplib::Request&, httplib::Response&, const polls::http::Params&) {
                 throw std::runtime_error("failed on purpose");
               });
    // What the handler was given, for requests whose differences would not show in a page.
    router.add(
        "GET", "/echo/<path:rest>",
        [](const httplib::Request& req, httplib::Response& res, const polls::http::Params& params) {
          std::string text = req.method + " " + req.target + " " + req.version + "\n" + req.path +
                             "\n" + std::string(params.path) + "\n" + req.matched_route + "\n";
          for (const auto& [name, value] : req.params) text += "?" + name + "=" + value + "\n";
          for (const auto& [name, value] : req.headers) {
            if (name != "Host") text += name + ": " + value + "\n";
          }
          res.set_content(text, "text/plain; charset=utf-8");
        });
    // Streamed bodies: of a known length, chunked, and until the connection closes.
    const auto write_parts = [](httplib::DataSink& sink, bool done) {
      for (const char* part : {"one ", "two ", "three"}) sink.write(part, std::strlen(part));
      if (done) sink.done();
      return true;
    };
    router.add(
        "GET", "/streamed/length",
        [write_parts](const httplib::Request&, httplib::Response& res, const polls::http::Params&) {
          res.set_content_provider(13, "text/plain",
                                   [write_parts](std::size_t, std::size_t, auto& sink) {
                                     return write_parts(sink, false);
                                   });
        });
    router.add(
        "GET", "/streamed/chunked",
        [write_parts](const httplib::Request&, httplib::Response& res, const polls::http::Params&) {
          res.set_chunked_content_provider("text/plain", [write_parts](std::size_t, auto& sink) {
            return write_parts(sink, true);
          });
        });
    router.add(
        "GET", "/streamed/until-close",
        [write_parts](const httplib::Request&, httplib::Response& res, const polls::http::Params&) {
          res.set_content_provider("text/plain", [write_parts](std::size_t, auto& sink) {
            return write_parts(sink, true);
          });
        });
  };
  return options;
}

void seed(TestSite& site) {
  const auto question = site.create_question("What's up?", -std::chrono::hours(24));
  site.create_choice(question, "Not much", 3);
  site.create_choice(question, "The sky", 1);
  site.create_question("Coming soon?", std::chrono::hours(24));
}

// A response with what differs from run to run (the request id, a CSRF cookie or token: a
// long run of letters and digits) replaced by a mark, and its headers in name order (which
// HTTP gives no meaning to: the server writes the security headers last, cpp-httplib in its
// hash table's order).
std::string comparable(const RawResponse& res) {
  std::vector<std::string> headers;
  for (const auto& [name, value] : res.headers) {
    headers.push_back(name + ": " + (name == "X-Request-ID" ? std::string("<id>") : value));
  }
  std::sort(headers.begin(), headers.end());
  std::string text = res.status_line + "\n";
  for (const std::string& header : headers) text += header + "\n";
  text += "\n" + res.body;
  // Error pages show the request id.
  const std::string id = res.header("X-Request-ID").value_or("");
  for (std::size_t at = text.find(id); !id.empty() && at != std::string::npos;
       at = text.find(id, at)) {
    text.replace(at, id.size(), "<id>");
  }
  static const std::regex kRandom("[A-Za-z0-9]{32,}");
  return std::regex_replace(text, kRandom, "<random>");
}

// Each request on its own connection, as it comes back (read as HEAD's when it is one).
std::vector<std::string> answers(TestSite& site, const std::vector<std::string>& requests) {
  std::vector<std::string> out;
  for (const std::string& request : requests) {
    INFO(request);
    RawConnection connection(site.port());
    connection.send(request);
    auto res = connection.read_response(request.starts_with("HEAD "));
    REQUIRE_MESSAGE(res, request);
    // A body without Content-Length: chunked, or until the server closes (a 1xx has none).
    if (!request.starts_with("HEAD ") && res->status >= 200 && !res->header("Content-Length")) {
      if (res->header("Transfer-Encoding") == "chunked") {
        res->body = connection.read_until("0\r\n\r\n").value_or("<cut short>");
      } else {
        // The streamed routes' bodies end so; the server then closes.
        res->body = connection.read_until("three").value_or("<cut short>");
        CHECK(connection.closed_by_server());
      }
    }
    out.push_back(comparable(*res));
  }
  return out;
}

}  // namespace

TEST_CASE("plain GET and HEAD requests are answered as cpp-httplib answers them") {
  TestSite own(with_plain_requests(true));
  TestSite engine(with_plain_requests(false));
  seed(own);
  seed(engine);
  const std::string host = "Host: " + own.host() + "\r\n";
  // The ETag the style sheet has on both sites (its bytes are the same).
  RawConnection first(own.port());
  first.send(own.get_request("/static/polls/style.css"));
  const auto style = first.read_response();
  REQUIRE(style);
  const std::string etag = style->header("ETag").value_or("none");
  const std::vector<std::string> plain = {
      "GET / HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls/ HTTP/1.1\r\n" + host + "\r\n",
      "HEAD /polls/ HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls/1/ HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls/1/results/ HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n",
      "GET /polls/%31/results/ HTTP/1.1\r\n" + host + "\r\n",
      "GET /static/polls/style.css HTTP/1.1\r\n" + host + "If-None-Match: " + etag + "\r\n\r\n",
      "GET /polls/ HTTP/1.0\r\n\r\n",
      "GET /polls/ HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
      "HEAD /polls/1/results/ HTTP/1.0\r\n\r\n",
      "GET /polls HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls?x=1 HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls/99/ HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls/2/ HTTP/1.1\r\n" + host + "\r\n",
      "GET /nowhere HTTP/1.1\r\n" + host + "Accept: text/html\r\n\r\n",
      "GET /api/questions/99 HTTP/1.1\r\n" + host + "Accept: application/json\r\n\r\n",
      "GET /boom HTTP/1.1\r\n" + host + "\r\n",
      "GET /healthz HTTP/1.1\r\n" + host + "X-Request-ID: abc-123\r\n\r\n",
      "GET /static/polls/style.css HTTP/1.1\r\n" + host + "\r\n",
      "HEAD /static/polls/style.css HTTP/1.1\r\n" + host + "\r\n",
      "GET /echo/a%2Fb/c%20d?q=%41+b&q=2&empty=&=v&q=2 HTTP/1.1\r\n" + host +
          "Cookie: a=%41; b=c\r\nReferer: http://x/%41\r\nX-Tab:\t v \t\r\nX-Empty:\r\n"
          "Content-Length: 0\r\nAccept: text/html;q=0.9, */*;q=0.1\r\n\r\n",
      "HEAD /echo/x HTTP/1.1\r\n" + host + "\r\n",
      "GET /streamed/length HTTP/1.1\r\n" + host + "\r\n",
      "GET /streamed/chunked HTTP/1.1\r\n" + host + "\r\n",
      "HEAD /streamed/chunked HTTP/1.1\r\n" + host + "\r\n",
      "GET /streamed/chunked HTTP/1.0\r\n\r\n",
      "GET /streamed/until-close HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n",
  };
  // Not plain: cpp-httplib reads these on both sites. Each would be answered otherwise if the
  // server took it (a range applied, a 100 Continue written, a line break in a path routed).
  const std::vector<std::string> others = {
      "GET /echo/a%0Ab HTTP/1.1\r\n" + host + "\r\n",
      "OPTIONS /polls/ HTTP/1.1\r\n" + host + "\r\n",
      "GET /static/polls/style.css HTTP/1.1\r\n" + host + "Range: bytes=0-9\r\n\r\n",
      "GET /polls/ HTTP/1.1\r\n" + host + "Range: bytes=999999-\r\n\r\n",
      "GET /polls/ HTTP/1.1\r\n" + host + "Expect: 100-continue\r\n\r\n",
      "GET /polls/  HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls/#top HTTP/1.1\r\n" + host + "\r\n",
      "GET /polls/ HTTP/1.1\r\n" + host + "Accept: text/html;q=x\r\n\r\n",
      "POST /polls/ HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n",
  };
  std::vector<std::string> requests = plain;
  requests.insert(requests.end(), others.begin(), others.end());
  const std::vector<std::string> ours = answers(own, requests);
  const std::vector<std::string> theirs = answers(engine, requests);
  REQUIRE(ours.size() == theirs.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    INFO(requests[i]);
    CHECK(ours[i] == theirs[i]);
  }
  // Spot checks that the requests reach what they are meant to.
  CHECK(ours[6].starts_with("HTTP/1.1 304 "));                 // If-None-Match
  CHECK(ours[plain.size() + 2].starts_with("HTTP/1.1 206 "));  // a range of a static file
  CHECK(ours[plain.size() + 3].starts_with("HTTP/1.1 416 "));
  CHECK(ours[plain.size() + 4].starts_with("HTTP/1.1 100 "));
  // The comparison is worth something only if the first site read every plain one itself (and
  // the request for the ETag), and none of the others.
  const auto counts = own.site().connection_counts();
  CHECK(counts.parsed_plain == plain.size() + 1);
  CHECK(counts.parsed_by_engine == others.size());
  // /metrics says so too (its own request, a plain one, counted before it answers).
  CHECK(own.metric("polls_http_requests_parsed_total{parser=\"polls\"}") ==
        static_cast<double>(plain.size() + 2));
  CHECK(engine.site().connection_counts().parsed_plain == 0);
}

TEST_CASE("a kept connection answers plain requests as cpp-httplib does, up to its close") {
  TestSite own(with_plain_requests(true));
  TestSite engine(with_plain_requests(false));
  seed(own);
  seed(engine);
  const auto exchange = [](TestSite& site) {
    const std::string host = "Host: " + site.host() + "\r\n";
    RawConnection connection(site.port());
    connection.send("GET /polls/ HTTP/1.1\r\n" + host + "\r\nHEAD /polls/1/results/ HTTP/1.1\r\n" +
                    host + "\r\nGET /static/polls/style.css HTTP/1.1\r\n" + host +
                    "\r\nGET /nowhere HTTP/1.1\r\n" + host + "\r\nGET /polls/ HTTP/1.1\r\n" + host +
                    "\r\n");
    std::vector<std::string> out;
    for (const bool head : {false, true, false, false}) {
      const auto res = connection.read_response(head);
      REQUIRE(res);
      out.push_back(comparable(*res));
    }
    // The 404 closed the connection: the request after it is never answered.
    CHECK(connection.closed_by_server());
    CHECK(connection.pending().empty());
    return out;
  };
  const std::vector<std::string> ours = exchange(own);
  CHECK(ours == exchange(engine));
  CHECK(ours[3].starts_with("HTTP/1.1 404 "));
}

TEST_CASE("plain requests pipelined among others are each answered once, in order") {
  TestSite site(with_plain_requests(true));
  const auto question = site.create_question("Pipelined?", -std::chrono::hours(1));
  const auto choice = site.create_choice(question, "Yes", 3);
  const auto csrf = site.csrf(question);
  const std::string results = "/polls/" + std::to_string(question) + "/results/";
  const std::string vote = polls::test::form_body(
      {{"csrfmiddlewaretoken", csrf.token}, {"choice", std::to_string(choice)}});
  RawConnection connection(site.port());
  connection.send(
      site.get_request(results) + "POST /polls/" + std::to_string(question) +
      "/vote/ HTTP/1.1\r\nHost: " + site.host() + "\r\nCookie: csrftoken=" + csrf.cookie +
      "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
      std::to_string(vote.size()) + "\r\n\r\n" + vote +
      "HEAD /polls/ HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n" + site.get_request(results));
  const auto before = connection.read_response();
  const auto voted = connection.read_response();
  const auto head = connection.read_response(true);
  const auto after = connection.read_response();
  REQUIRE(before);
  REQUIRE(voted);
  REQUIRE(head);
  REQUIRE(after);
  CHECK(before->status == 200);
  CHECK(voted->status == 302);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(head->header("Content-Length") != "0");
  CHECK(after->status == 200);
  CHECK(before->body.find("result-votes\">3 votes") != std::string::npos);
  CHECK(after->body.find("result-votes\">4 votes") != std::string::npos);
  CHECK(site.votes(choice) == 4);
  CHECK(connection.pending().empty());
}
