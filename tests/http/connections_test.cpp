// The connection layer in process (http/connection_loop.hpp): idle and arriving connections
// hold no worker, pipelined and keep-alive requests are answered in order, and the limits: the
// head deadline (408), the body deadline, the per-address cap and the worker queue bound (503
// with Retry-After), max_connections (the oldest idle connection makes room); with their counts
// in /metrics. The crowds and the open-file limit are tested black-box in
// tests/scripts/test_connections.sh.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http/support.hpp"

// The connection layer does not depend on the database backend: run on SQLite only.
TEST_SUITE_BEGIN("sqlite_only");

using polls::test::RawConnection;
using polls::test::SiteOptions;
using polls::test::TestSite;
using namespace std::chrono_literals;

namespace {

std::string get(const TestSite& site, std::string_view path) {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n";
}

// A site with one worker and GET /hold, which waits until `release` is set.
SiteOptions one_worker_with_hold(std::atomic<bool>& holding, std::atomic<bool>& release) {
  SiteOptions options;
  options.threads = 1;
  options.max_threads = 1;
  options.routes = [&holding, &release](polls::http::Router& router) {
    router.add("GET", "/hold",
               [&holding, &release](const httplib::Request&, httplib::Response& res,
                                    const polls::http::Params&) {
                 holding = true;
                 for (int i = 0; i < 500 && !release.load(); ++i) std::this_thread::sleep_for(10ms);
                 res.set_content("held\n", "text/plain; charset=utf-8");
               });
  };
  return options;
}

bool wait_until(const std::atomic<bool>& flag) {
  for (int i = 0; i < 500 && !flag.load(); ++i) std::this_thread::sleep_for(10ms);
  return flag.load();
}

// The value of an unlabelled or labelled sample in a /metrics page.
double sample(TestSite& site, const std::string& series) {
  auto client = site.client();
  const auto res = client.Get("/metrics");
  REQUIRE(res);
  const std::string line = "\n" + series + " ";
  const std::size_t at = res->body.find(line);
  REQUIRE_MESSAGE(at != std::string::npos, series);
  return std::stod(res->body.substr(at + line.size()));
}

}  // namespace

TEST_CASE("idle keep-alive clients hold no worker: with one worker, 50 of them and a new client") {
  SiteOptions options;
  options.threads = 1;
  options.max_threads = 1;
  TestSite site(options);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 50; ++i) {
    CAPTURE(i);
    auto connection = std::make_unique<RawConnection>(site.port());
    connection->send(get(site, "/healthz"));
    const auto res = connection->read_response(false, 3s);
    REQUIRE(res);
    CHECK(res->status == 200);
    idle.push_back(std::move(connection));
  }
  const auto begun = std::chrono::steady_clock::now();
  auto client = site.client();
  const auto res = client.Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(std::chrono::steady_clock::now() - begun < 2s);
  // And each idle one can still ask again.
  for (auto& connection : idle) {
    connection->send(get(site, "/healthz"));
    const auto again = connection->read_response(false, 3s);
    REQUIRE(again);
    CHECK(again->status == 200);
  }
  // A worker files its connection back a moment after the client has its answer: the gauge
  // catches up within moments.
  double idle_now = 0;
  for (int i = 0; i < 100 && idle_now < 50; ++i) {
    idle_now = sample(site, "polls_http_connections{state=\"idle\"}");
    if (idle_now < 50) std::this_thread::sleep_for(20ms);
  }
  CHECK(idle_now >= 50);
}

TEST_CASE("pipelined requests are answered in order on one connection") {
  TestSite site;
  RawConnection connection(site.port());
  // Three requests in one write, the second a POST whose body comes before the third.
  connection.send(get(site, "/healthz") + "POST /polls/ HTTP/1.1\r\nHost: " + site.host() +
                  "\r\nContent-Length: 5\r\n\r\nhello" +
                  "HEAD /static/polls/style.css HTTP/1.1\r\n"
                  "Host: " +
                  site.host() + "\r\n\r\n");
  const auto first = connection.read_response();
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(first->body == "ok\n");
  // A POST to the index answers 405, and cpp-httplib closes the connection after every error
  // response: the third request is not answered.
  const auto second = connection.read_response();
  REQUIRE(second);
  CHECK(second->status == 405);
  CHECK(connection.closed_by_server());

  RawConnection kept(site.port());
  kept.send(get(site, "/healthz") + get(site, "/readyz") + get(site, "/healthz"));
  for (const char* body : {"ok\n", "ready\n", "ok\n"}) {
    const auto res = kept.read_response();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == body);
  }
  // The connection is kept for more, a byte at a time too.
  for (const char c : get(site, "/healthz")) kept.send(std::string(1, c));
  const auto last = kept.read_response();
  REQUIRE(last);
  CHECK(last->status == 200);
}

TEST_CASE("a head that takes longer than head_timeout in all gets 408, and is closed") {
  SiteOptions options;
  options.head_timeout_seconds = 1;
  TestSite site(options);
  RawConnection slow(site.port());
  const auto begun = std::chrono::steady_clock::now();
  // A byte every 100 ms: each read is quick, the whole head is not.
  std::optional<polls::test::RawResponse> res;
  for (int i = 0; i < 30 && !res; ++i) {
    slow.send(i == 0 ? "GET /healthz HTTP/1.1\r\nX-Slow: " : "a");
    res = slow.read_response(false, 100ms);
  }
  REQUIRE(res);
  CHECK(res->status == 408);
  CHECK(res->header("Connection") == "close");
  CHECK(res->header("X-Content-Type-Options") == "nosniff");
  const auto took = std::chrono::steady_clock::now() - begun;
  CHECK(took >= 900ms);
  CHECK(took < 2500ms);
  CHECK(slow.closed_by_server());
  // A connection that sends nothing is closed without an answer.
  RawConnection silent(site.port());
  CHECK(silent.closed_by_server(3s));
  CHECK(silent.pending().empty());
  CHECK(sample(site, "polls_http_timeouts_total{reason=\"head\"}") == 1);
  CHECK(sample(site, "polls_http_timeouts_total{reason=\"idle\"}") >= 1);
}

TEST_CASE("a body that takes longer than body_timeout in all is cut") {
  SiteOptions options;
  options.body_timeout_seconds = 1;
  options.read_timeout_seconds = 5;
  TestSite site(options);
  const auto question = site.create_question("Slow?", std::chrono::hours{-1});
  RawConnection slow(site.port());
  slow.send("POST /polls/" + std::to_string(question) + "/vote/ HTTP/1.1\r\nHost: " + site.host() +
            "\r\nContent-Length: 100\r\n\r\n");
  const auto begun = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 30 && !closed; ++i) {
    slow.send("a");
    closed = slow.closed_by_server(100ms);
  }
  const auto took = std::chrono::steady_clock::now() - begun;
  CHECK(closed);
  CHECK(took >= 900ms);
  CHECK(took < 2500ms);
  CHECK(sample(site, "polls_http_timeouts_total{reason=\"body\"}") == 1);
}

TEST_CASE("one peer address holds at most max_connections_per_address, then 503") {
  SiteOptions options;
  options.max_connections_per_address = 3;
  TestSite site(options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawConnection>(site.port()));
  std::this_thread::sleep_for(50ms);
  RawConnection refused(site.port());
  refused.send(get(site, "/healthz"));
  const auto res = refused.read_response();
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->header("Retry-After") == "1");
  CHECK(refused.closed_by_server());
  // Room again once one closes.
  held.pop_back();
  std::this_thread::sleep_for(100ms);
  RawConnection admitted(site.port());
  admitted.send(get(site, "/healthz"));
  const auto ok = admitted.read_response();
  REQUIRE(ok);
  CHECK(ok->status == 200);
  held.clear();
  std::this_thread::sleep_for(100ms);
  CHECK(sample(site, "polls_http_connections_refused_total{reason=\"per_address\"}") == 1);
}

TEST_CASE("requests beyond max_queued_requests get 503 with Retry-After at once") {
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  SiteOptions options = one_worker_with_hold(holding, release);
  options.max_queued_requests = 1;
  TestSite site(options);
  RawConnection busy(site.port());
  busy.send(get(site, "/hold"));
  REQUIRE(wait_until(holding));
  RawConnection waiting(site.port());  // the one place in the queue
  waiting.send(get(site, "/healthz"));
  std::this_thread::sleep_for(100ms);
  RawConnection refused(site.port());
  const auto begun = std::chrono::steady_clock::now();
  refused.send(get(site, "/healthz"));
  const auto res = refused.read_response();
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->header("Retry-After") == "1");
  CHECK(std::chrono::steady_clock::now() - begun < 1s);
  release = true;
  const auto held = busy.read_response();
  REQUIRE(held);
  CHECK(held->status == 200);
  const auto queued = waiting.read_response();
  REQUIRE(queued);
  CHECK(queued->status == 200);
  CHECK(sample(site, "polls_http_connections_refused_total{reason=\"queue_full\"}") == 1);
}

TEST_CASE(
    "at max_connections a new client closes the oldest idle one, or with none idle gets 503") {
  SiteOptions options;
  options.max_connections = 16;
  options.max_connections_per_address = 0;
  TestSite site(options);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 16; ++i) {
    auto connection = std::make_unique<RawConnection>(site.port());
    connection->send(get(site, "/healthz"));
    REQUIRE(connection->read_response());
    idle.push_back(std::move(connection));
  }
  RawConnection newcomer(site.port());
  newcomer.send(get(site, "/healthz"));
  const auto res = newcomer.read_response();
  REQUIRE(res);
  CHECK(res->status == 200);
  // One idle connection made room: the one idle longest (on a busy machine a worker may not
  // have given the very first back yet, so any one of them).
  int closed = 0;
  for (auto& connection : idle) closed += connection->closed_by_server(50ms) ? 1 : 0;
  CHECK(closed == 1);
  CHECK(sample(site, "polls_http_connections_closed_for_new_total") >= 1);
  // Sixteen connections that are all mid-head: nothing to close, the next one is refused.
  idle.clear();
  std::this_thread::sleep_for(100ms);
  std::vector<std::unique_ptr<RawConnection>> arriving;
  for (int i = 0; i < 16; ++i) {
    arriving.push_back(std::make_unique<RawConnection>(site.port()));
    arriving.back()->send("GET / HTTP/1.1\r\n");
  }
  std::this_thread::sleep_for(100ms);
  RawConnection refused(site.port());
  const auto no_room = refused.read_response();
  REQUIRE(no_room);
  CHECK(no_room->status == 503);
}

TEST_CASE("a head too large is refused with 431, a request line too long with 414") {
  TestSite site;
  RawConnection long_line(site.port());
  long_line.send("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n");
  const auto uri = long_line.read_response();
  REQUIRE(uri);
  CHECK(uri->status == 414);
  RawConnection big(site.port());
  std::string head = "GET / HTTP/1.1\r\n";
  while (head.size() < 70000) head += "X-Padding: " + std::string(1000, 'p') + "\r\n";
  big.send(head);
  const auto large = big.read_response();
  REQUIRE(large);
  CHECK(large->status == 431);
}

TEST_SUITE_END();
