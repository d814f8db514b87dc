// GET /metrics: Prometheus' text format with requests per route and status class, votes, the
// database's pool and statement latency, the build and the process; and metrics_listen, which
// moves it off the public listener.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

#include "http/support.hpp"
#include "ops/build_info.hpp"

using polls::test::SiteOptions;
using polls::test::TestSite;
using std::chrono::days;

namespace {

// The value of the sample written exactly as `series` (name and labels), if there is one.
std::optional<double> sample(const std::string& text, const std::string& series) {
  const std::string line_start = series + " ";
  std::size_t at = text.starts_with(line_start) ? 0 : text.find("\n" + line_start);
  if (at == std::string::npos) return std::nullopt;
  if (at != 0) ++at;
  const std::size_t value = at + line_start.size();
  return std::stod(text.substr(value, text.find('\n', value) - value));
}

std::string scrape(TestSite& site) {
  auto client = site.client();
  const auto res = client.Get("/metrics");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return res->body;
}

}  // namespace

TEST_CASE(
    "/metrics answers in Prometheus' text format with the build, backend, statements and process") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/metrics");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  const std::string backend =
      site.database().dialect() == polls::db::Dialect::Sqlite ? "sqlite" : "postgres";
  const std::string build =
      "polls_build_info{version=\"" + std::string(polls::build_info::kVersion) + "\",commit=\"" +
      std::string(polls::build_info::git_commit()) + "\",backend=\"" + backend + "\"}";
  CHECK(sample(res->body, build) == 1);
  CHECK(res->body.find("# TYPE polls_build_info gauge\n") != std::string::npos);

  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto started = sample(res->body, "process_start_time_seconds");
  REQUIRE(started);
  CHECK(*started <= now);
  CHECK(*started > now - 24 * 3600);  // this test process started today
  const auto resident = sample(res->body, "process_resident_memory_bytes");
  REQUIRE(resident);
  CHECK(*resident > 1 << 20);
  CHECK(sample(res->body, "process_cpu_seconds_total") > 0);
  CHECK(sample(res->body, "polls_http_connections_open") >= 1);  // this request's
  // A page's statements are timed on whichever backend serves it.
  REQUIRE(client.Get("/polls/")->status == 200);
  CHECK(sample(scrape(site), "polls_db_query_duration_seconds_count") >= 1);
}

TEST_CASE("requests are counted per route and status class, with a latency histogram") {
  TestSite site;
  const auto question = site.create_question("Counted?", days{-1});
  auto client = site.client();
  REQUIRE(client.Get("/polls/"));
  REQUIRE(client.Get("/polls/"));
  REQUIRE(client.Head("/polls/"));
  REQUIRE(client.Get("/polls/" + std::to_string(question) + "/"));
  REQUIRE(client.Get("/polls/99999/"));   // the detail view's own 404
  REQUIRE(client.Get("/no/such/page/"));  // no route: unmatched
  REQUIRE(client.Delete("/polls/"));      // 405 from the router: unmatched
  {
    polls::test::RawConnection raw(site.port());
    raw.send("NONSENSE\r\n\r\n");  // cpp-httplib's own 400
    const auto answer = raw.read_response();
    REQUIRE(answer);
    CHECK(answer->status == 400);
  }

  const std::string text = scrape(site);
  const std::string index = R"({method="GET",route="/polls/",status="2xx"})";
  const std::string detail = R"({method="GET",route="/polls/<int:question_id>/",status=)";
  CHECK(sample(text, "polls_http_requests_total" + index) == 3);
  CHECK(sample(text, "polls_http_requests_total" + detail + "\"2xx\"}") == 1);
  CHECK(sample(text, "polls_http_requests_total" + detail + "\"4xx\"}") == 1);
  CHECK(sample(text, R"(polls_http_requests_total{method="",route="unmatched",status="4xx"})") ==
        3);
  // The histogram of a series agrees with its count: +Inf holds every request.
  CHECK(sample(text, "polls_http_request_duration_seconds_count" + index) == 3);
  CHECK(
      sample(
          text,
          R"(polls_http_request_duration_seconds_bucket{method="GET",route="/polls/",status="2xx",le="+Inf"})") ==
      3);
  CHECK(sample(text, "polls_http_request_duration_seconds_sum" + index) > 0);
  // Routes that saw nothing have no series; the scrape itself is counted after it is written.
  CHECK(text.find("route=\"/admin/") == std::string::npos);
  CHECK(text.find("route=\"/metrics\"") == std::string::npos);
  CHECK(sample(scrape(site),
               R"(polls_http_requests_total{method="GET",route="/metrics",status="2xx"})") == 1);
}

TEST_CASE("votes cast are counted, a refused vote is not") {
  TestSite site;
  const auto question = site.create_question("Vote?", days{-1});
  const auto choice = site.create_choice(question, "Yes");
  CHECK(sample(scrape(site), "polls_votes_total") == 0);

  const auto csrf = site.csrf(question);
  auto client = site.client();
  const std::string path = "/polls/" + std::to_string(question) + "/vote/";
  const auto vote = [&](std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("csrfmiddlewaretoken", csrf.token);
    return client.Post(path, polls::test::cookie_headers(csrf), polls::test::form_body(fields),
                       "application/x-www-form-urlencoded");
  };
  const auto counted = vote({{"choice", std::to_string(choice)}});
  REQUIRE(counted);
  CHECK(counted->status == 302);
  const auto refused = vote({});  // no choice: the form again, nothing counted
  REQUIRE(refused);
  CHECK(refused->status == 200);
  CHECK(sample(scrape(site), "polls_votes_total") == 1);
  CHECK(sample(scrape(site), "polls_vote_commits_total") == 1);  // a lone vote, its own commit
  CHECK(site.votes(choice) == 1);
}

TEST_CASE("the database pool and the time its statements take are reported") {
  TestSite site;
  site.create_question("Timed?", days{-1});
  auto client = site.client();
  REQUIRE(client.Get("/polls/"));
  const std::string text = scrape(site);
  const auto statements = sample(text, "polls_db_query_duration_seconds_count");
  REQUIRE(statements);
  CHECK(*statements >= 1);
  CHECK(sample(text, R"(polls_db_query_duration_seconds_bucket{le="+Inf"})") == *statements);
  // Nothing holds a connection while /metrics is written.
  CHECK(sample(text, R"(polls_db_connections{state="in_use"})") == 0);
  CHECK(sample(text, R"(polls_db_connections{state="idle"})") >= 1);
  CHECK(sample(text, "polls_db_connection_waits_total") == 0);
}

TEST_CASE("with metrics_listen, /metrics is served there and not on the site's port" *
          doctest::test_suite("sqlite_only")) {
  SiteOptions options;
  options.metrics_listen = "127.0.0.1:0";
  TestSite site(options);
  const int metrics_port = site.site().metrics_port();
  REQUIRE(metrics_port > 0);
  CHECK(metrics_port != site.port());

  auto client = site.client();
  const auto hidden = client.Get("/metrics");
  REQUIRE(hidden);
  CHECK(hidden->status == 404);
  REQUIRE(client.Get("/"));

  httplib::Client metrics_client("127.0.0.1", metrics_port);
  metrics_client.set_connection_timeout(std::chrono::seconds(3));
  metrics_client.set_read_timeout(std::chrono::seconds(3));
  const auto res = metrics_client.Get("/metrics");
  REQUIRE(res);
  CHECK(res->status == 200);
  // The site's requests, including the 404 for /metrics; none of the metrics listener's own.
  CHECK(sample(res->body, R"(polls_http_requests_total{method="GET",route="/",status="2xx"})") ==
        1);
  CHECK(sample(res->body,
               R"(polls_http_requests_total{method="",route="unmatched",status="4xx"})") == 1);
  CHECK(res->body.find("route=\"/metrics\"") == std::string::npos);
  const auto other = metrics_client.Get("/");
  REQUIRE(other);
  CHECK(other->status == 404);  // nothing else there
}
