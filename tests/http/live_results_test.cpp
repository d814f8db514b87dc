// GET /polls/<id>/events/, the live results stream: its head and first event, each vote sent
// to it, Last-Event-ID, writes made elsewhere, coalescing, heartbeats, the viewer limit, HEAD and
// HTTP/1.0, shutdown, and a viewer too slow to read; with the polls_live_* metrics.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/support.hpp"
#include "polls/repository.hpp"

using polls::test::CsrfPair;
using polls::test::RawConnection;
using polls::test::SiteOptions;
using polls::test::TestSite;
using namespace std::chrono_literals;

namespace {

struct Poll {
  std::int64_t question = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;
};

Poll make_poll(TestSite& site) {
  Poll poll;
  poll.question = site.create_question("What's up?", std::chrono::days{-1});
  poll.first = site.create_choice(poll.question, "Not much");
  poll.second = site.create_choice(poll.question, "The sky", 2);
  return poll;
}

std::string events_path(std::int64_t question) {
  return "/polls/" + std::to_string(question) + "/events/";
}

std::string events_request(TestSite& site, std::int64_t question, std::string_view headers = "",
                           std::string_view version = "HTTP/1.1") {
  return "GET " + events_path(question) + " " + std::string(version) + "\r\nHost: " + site.host() +
         "\r\nAccept: text/event-stream\r\n" + std::string(headers) + "\r\n";
}

// The payload of the next chunk of a chunked body; nullopt when none comes within `timeout`.
// (The stream's events hold no CR, so a chunk's data ends at the first CRLF.)
std::optional<std::string> next_chunk(RawConnection& connection,
                                      std::chrono::milliseconds timeout = 5s) {
  const auto size_line = connection.read_until("\r\n", timeout);
  if (!size_line) return std::nullopt;
  const std::size_t size = std::stoul(*size_line, nullptr, 16);
  auto data = connection.read_until("\r\n", timeout);
  if (!data) return std::nullopt;
  data->resize(data->size() - 2);
  REQUIRE(data->size() == size);
  return data;
}

struct Event {
  std::string id;
  std::string data;
};

// The events in a piece of the stream (comments and retry fields left out).
std::vector<Event> events_in(std::string_view text) {
  std::vector<Event> events;
  Event current;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (line.rfind("id: ", 0) == 0) current.id = line.substr(4);
    if (line.rfind("data: ", 0) == 0) current.data = line.substr(6);
    if (line.empty() && !current.data.empty()) {
      events.push_back(current);
      current = {};
    }
    start = end + 1;
  }
  return events;
}

// A number in an event's JSON: `"total":12` for key "total".
std::int64_t json_number(std::string_view json, std::string_view key) {
  const std::string field = "\"" + std::string(key) + "\":";
  const std::size_t at = json.find(field);
  REQUIRE_MESSAGE(at != std::string_view::npos, json);
  return std::stoll(std::string(json.substr(at + field.size())));
}

// Opens a stream and reads its head (200, chunked); the body follows on the connection.
std::unique_ptr<RawConnection> open_stream(TestSite& site, std::int64_t question,
                                           std::string_view headers = "") {
  auto connection = std::make_unique<RawConnection>(site.port());
  connection->send(events_request(site, question, headers));
  const auto head = connection->read_response(true);
  REQUIRE(head);
  REQUIRE(head->status == 200);
  CHECK(head->header("Transfer-Encoding") == "chunked");
  return connection;
}

// Reads chunks until an event with that total arrives; the events seen on the way.
std::vector<Event> events_until_total(RawConnection& connection, std::int64_t total,
                                      std::chrono::milliseconds timeout = 5s) {
  std::vector<Event> seen;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto chunk = next_chunk(connection, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  deadline - std::chrono::steady_clock::now()));
    if (!chunk) break;
    for (const Event& e : events_in(*chunk)) {
      seen.push_back(e);
      if (json_number(e.data, "total") == total) return seen;
    }
  }
  FAIL("no event with total ", total, " within the time; saw ", seen.size(), " events");
  return seen;
}

void vote(TestSite& site, std::int64_t question, std::int64_t choice, const CsrfPair& csrf) {
  auto client = site.client();
  const auto res = client.Post("/polls/" + std::to_string(question) + "/vote/",
                               polls::test::cookie_headers(csrf),
                               polls::test::form_body({{"csrfmiddlewaretoken", csrf.token},
                                                       {"choice", std::to_string(choice)}}),
                               "application/x-www-form-urlencoded");
  REQUIRE(res);
  REQUIRE(res->status == 302);
}

// Waits up to 3 s for a metric to reach a value (the loop files streams a moment after their
// head is out).
double wait_for_metric(TestSite& site, std::string_view series, double value) {
  double now = site.metric(series);
  for (int i = 0; i < 300 && now != value; ++i) {
    std::this_thread::sleep_for(10ms);
    now = site.metric(series);
  }
  return now;
}

}  // namespace

TEST_CASE("a question's event stream starts with the retry delay and its counts, then each vote") {
  TestSite site;
  const Poll poll = make_poll(site);
  RawConnection connection(site.port());
  connection.send(events_request(site, poll.question));
  const auto head = connection.read_response(true);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->header("Content-Type") == "text/event-stream; charset=utf-8");
  CHECK(head->header("Cache-Control") == "no-cache");
  CHECK(head->header("X-Accel-Buffering") == "no");
  CHECK(head->header("Transfer-Encoding") == "chunked");
  CHECK_FALSE(head->header("Content-Length"));
  CHECK(head->header("Content-Security-Policy"));

  const auto first = next_chunk(connection);
  REQUIRE(first);
  CHECK(first->rfind("retry: 3000\n\n", 0) == 0);
  const auto initial = events_in(*first);
  REQUIRE(initial.size() == 1);
  CHECK(initial[0].data == R"({"question":)" + std::to_string(poll.question) +
                               R"(,"total":2,"choices":[{"id":)" + std::to_string(poll.first) +
                               R"(,"votes":0},{"id":)" + std::to_string(poll.second) +
                               R"(,"votes":2}]})");
  CHECK(wait_for_metric(site, "polls_live_viewers", 1) == 1);

  vote(site, poll.question, poll.first, site.csrf(poll.question));
  const auto after = events_until_total(connection, 3);
  CHECK(json_number(after.back().data, "votes") == 1);  // the first choice's, listed first
  CHECK(after.back().id != initial[0].id);
  CHECK(site.metric("polls_live_events_sent_total") >= 1);
}

TEST_CASE("a client reconnecting with the Last-Event-ID of the current counts gets only changes") {
  TestSite site;
  const Poll poll = make_poll(site);
  std::string id;
  {
    auto connection = open_stream(site, poll.question);
    const auto first = next_chunk(*connection);
    REQUIRE(first);
    REQUIRE(events_in(*first).size() == 1);
    id = events_in(*first)[0].id;
  }
  auto again = open_stream(site, poll.question, "Last-Event-ID: " + id + "\r\n");
  const auto first = next_chunk(*again);
  REQUIRE(first);
  CHECK(*first == "retry: 3000\n\n");
  vote(site, poll.question, poll.second, site.csrf(poll.question));
  // The vote's counts, and before them nothing new: on PostgreSQL the listener's first reading
  // is a gap, after which every stream is sent its counts afresh, so a listener that connected
  // late (seen under ASan) may resend the counts the client has, under the id it sent.
  const auto changes = events_until_total(*again, 3);
  REQUIRE_FALSE(changes.empty());
  CHECK(json_number(changes.back().data, "total") == 3);
  for (std::size_t i = 0; i + 1 < changes.size(); ++i) CHECK(changes[i].id == id);
  if (site.database().dialect() == polls::db::Dialect::Sqlite) CHECK(changes.size() == 1);

  // An id of other counts (stale, or another site's) gets the current counts at once.
  auto stale = open_stream(site, poll.question, "Last-Event-ID: " + id + "\r\n");
  const auto refreshed = next_chunk(*stale);
  REQUIRE(refreshed);
  REQUIRE(events_in(*refreshed).size() == 1);
  CHECK(json_number(events_in(*refreshed)[0].data, "total") == 3);
}

TEST_CASE("a write made outside the vote view (another process, another replica) reaches streams") {
  TestSite site;
  const Poll poll = make_poll(site);
  auto connection = open_stream(site, poll.question);
  REQUIRE(next_chunk(*connection));
  {
    // As the admin or another replica would: a change of the counts, notified on commit.
    auto session = site.database().write();
    polls::db::Transaction transaction(*session);
    session->execute("UPDATE polls_choice SET votes = 40 WHERE id = $1", {poll.first});
    polls::polls_app::notify_results_changed(*session, poll.question);
    transaction.commit();
  }
  // Heard through the notice (PostgreSQL) or data_version (SQLite, every 500 ms): well before
  // the 5-second refresh that would catch it otherwise.
  CHECK(events_until_total(*connection, 42, 3s).size() == 1);
}

TEST_CASE("a burst of votes is coalesced into few events, the last with every vote") {
  SiteOptions options;
  options.live_coalesce_ms = 1000;
  TestSite site(options);
  const Poll poll = make_poll(site);
  auto connection = open_stream(site, poll.question);
  REQUIRE(next_chunk(*connection));
  const CsrfPair csrf = site.csrf(poll.question);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) vote(site, poll.question, poll.first, csrf);
  const auto took = std::chrono::steady_clock::now() - started;
  const auto seen = events_until_total(*connection, 12);
  // The first vote at once, then one event per second the votes spanned, the last with all.
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(took).count();
  CAPTURE(seconds);
  CHECK(seen.size() <= static_cast<std::size_t>(seconds) + 2);
  CHECK(seen.size() < 10);
}

// The rest does not depend on the database backend.
TEST_SUITE_BEGIN("sqlite_only");

TEST_CASE("a silent stream gets a heartbeat comment every live_heartbeat_seconds") {
  SiteOptions options;
  options.live_heartbeat_seconds = 1;
  TestSite site(options);
  const Poll poll = make_poll(site);
  auto connection = open_stream(site, poll.question);
  const auto first = next_chunk(*connection);
  REQUIRE(first);
  const std::string id = events_in(*first).at(0).id;
  for (int beats = 0; beats < 2;) {
    const auto chunk = next_chunk(*connection, 3s);
    REQUIRE(chunk);
    if (*chunk == ": heartbeat\n\n") {
      ++beats;
      continue;
    }
    // Nothing changed: at most the same counts again (read by the publisher while the stream
    // was being opened).
    for (const Event& e : events_in(*chunk)) CHECK(e.id == id);
  }
}

TEST_CASE(
    "beyond live_max_viewers a stream is refused with 503, and a closed one frees its place") {
  SiteOptions options;
  options.live_max_viewers = 1;
  TestSite site(options);
  const Poll poll = make_poll(site);
  auto connection = open_stream(site, poll.question);
  {
    RawConnection refused(site.port());
    refused.send(events_request(site, poll.question));
    const auto res = refused.read_response();
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(res->header("Retry-After") == "10");
    CHECK(res->header("Content-Type")->rfind("text/html", 0) == 0);
  }
  CHECK(site.metric("polls_live_viewers_refused_total") == 1);
  connection.reset();
  CHECK(wait_for_metric(site, "polls_live_viewers", 0) == 0);
  open_stream(site, poll.question);  // the place is free again
}

TEST_CASE("an unknown question has no stream and HEAD gets a stream's head and nothing held") {
  TestSite site;
  const Poll poll = make_poll(site);
  auto client = site.client();
  const auto missing = client.Get(events_path(poll.question + 100));
  REQUIRE(missing);
  CHECK(missing->status == 404);

  RawConnection connection(site.port());
  connection.send("HEAD " + events_path(poll.question) + " HTTP/1.1\r\nHost: " + site.host() +
                  "\r\n\r\n");
  const auto head = connection.read_response(true);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->header("Content-Type") == "text/event-stream; charset=utf-8");
  CHECK(head->header("Transfer-Encoding") == "chunked");
  CHECK_FALSE(head->header("Content-Length"));
  // The connection goes on as any other after a HEAD.
  connection.send(site.get_request("/healthz"));
  const auto next = connection.read_response();
  REQUIRE(next);
  CHECK(next->status == 200);
  CHECK(site.metric("polls_live_viewers") == 0);
}

TEST_CASE("an HTTP/1.0 client gets the stream unframed, to be ended by closing the connection") {
  TestSite site;
  const Poll poll = make_poll(site);
  RawConnection connection(site.port());
  connection.send(events_request(site, poll.question, "", "HTTP/1.0"));
  const auto head = connection.read_response(true);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->header("Connection") == "close");
  CHECK_FALSE(head->header("Transfer-Encoding"));
  CHECK_FALSE(head->header("Content-Length"));
  const auto body = connection.read_until("}\n\n");
  REQUIRE(body);
  CHECK(body->rfind("retry: 3000\n\nid: ", 0) == 0);
}

TEST_CASE("shutting down ends every stream with its last chunk") {
  TestSite site;
  const Poll poll = make_poll(site);
  auto connection = open_stream(site, poll.question);
  REQUIRE(next_chunk(*connection));
  CHECK(wait_for_metric(site, "polls_live_viewers", 1) == 1);
  site.site().begin_shutdown();
  CHECK(next_chunk(*connection) == "");  // the zero-size chunk and its blank line
  CHECK(connection->closed_by_server());
}

TEST_CASE(
    "a viewer that stops reading is dropped when its socket stalls while big updates still flow") {
  SiteOptions options;
  options.live_coalesce_ms = 10;
  options.write_timeout_seconds = 2;  // the stall a stream may take
  TestSite site(options);
  // Big events: a question with 10,000 choices, some 240 KB of counts each time, more than a
  // socket takes at once: a viewer that reads gets them all the same.
  const std::int64_t question = site.create_question("Which one?", std::chrono::days{-1});
  std::int64_t choice = 0;
  {
    auto session = site.database().write();
    polls::db::Transaction transaction(*session);
    for (int i = 0; i < 10000; ++i) {
      choice =
          polls::polls_app::insert_choice(*session, question, "choice " + std::to_string(i), 0);
    }
    transaction.commit();
  }
  auto stuck = open_stream(site, question);  // never read from again
  auto reader = open_stream(site, question);
  REQUIRE(next_chunk(*reader));
  const CsrfPair csrf = site.csrf(question);
  int votes = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline &&
         site.metric("polls_live_viewers_dropped_total{reason=\"slow\"}") == 0) {
    vote(site, question, choice, csrf);
    ++votes;
    events_until_total(*reader, votes);  // the reader keeps up, one event per vote
    std::this_thread::sleep_for(100ms);
  }
  CHECK(site.metric("polls_live_viewers_dropped_total{reason=\"slow\"}") == 1);
  CHECK(wait_for_metric(site, "polls_live_viewers", 1) == 1);
  vote(site, question, choice, csrf);
  CHECK(events_until_total(*reader, votes + 1).size() == 1);
  CHECK(site.metric("polls_live_viewers_dropped_total{reason=\"slow\"}") == 1);
}

TEST_SUITE_END();
