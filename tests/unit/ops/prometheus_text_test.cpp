// The Prometheus text format as scrapers parse it: escaping, numbers, cumulative buckets.
#include "ops/prometheus_text.hpp"

#include <doctest/doctest.h>

#include <chrono>

using polls::ops::escape_label_value;
using polls::ops::format_sample_value;
using polls::ops::Histogram;
using polls::ops::PrometheusText;

using namespace std::chrono_literals;

TEST_CASE("label values escape backslash, double quote and newline, nothing else") {
  CHECK(escape_label_value("/polls/<int:question_id>/") == "/polls/<int:question_id>/");
  CHECK(escape_label_value(R"(a\b"c)") == R"(a\\b\"c)");
  CHECK(escape_label_value("two\nlines") == "two\\nlines");
}

TEST_CASE("sample values: integers plain, fractions exact, infinities spelt out") {
  CHECK(format_sample_value(0) == "0");
  CHECK(format_sample_value(42) == "42");
  CHECK(format_sample_value(1.5e9) == "1500000000");
  CHECK(format_sample_value(0.00025) == "0.00025");
  CHECK(format_sample_value(1764122400.25) == "1764122400.25");  // a Unix time
  CHECK(format_sample_value(-2) == "-2");
  CHECK(format_sample_value(1e300) == "1e+300");  // huge: an exponent, still exact
  CHECK(format_sample_value(1.0 / 0.0) == "+Inf");
}

TEST_CASE("a family has HELP and TYPE lines, samples their labels in braces") {
  PrometheusText out;
  out.family("polls_votes_total", "counter", "Votes cast.");
  out.sample("polls_votes_total", {}, 3);
  out.sample("polls_db_connections", {{"state", "in_use"}, {"pool", "a\"b"}}, 2);
  CHECK(out.text() ==
        "# HELP polls_votes_total Votes cast.\n"
        "# TYPE polls_votes_total counter\n"
        "polls_votes_total 3\n"
        "polls_db_connections{state=\"in_use\",pool=\"a\\\"b\"} 2\n");
}

TEST_CASE("a histogram puts each duration in the first bucket that holds it") {
  Histogram h;
  h.observe(100us);  // on the bound: in le=0.0001
  h.observe(101us);  // just past it: le=0.00025
  h.observe(3ms);    // le=0.005
  h.observe(-1ms);   // a clock step backwards counts as 0
  h.observe(60s);    // past the last bound: +Inf only
  const auto s = h.snapshot();
  CHECK(s.count() == 5);
  CHECK(s.buckets[0] == 2);
  CHECK(s.buckets[1] == 1);
  CHECK(s.buckets[5] == 1);
  CHECK(s.buckets.back() == 1);
  CHECK(s.sum_nanos == 100'000 + 101'000 + 3'000'000 + 60'000'000'000ULL);
}

TEST_CASE("histogram lines are cumulative, end at +Inf, and carry sum in seconds and count") {
  Histogram h;
  h.observe(200us);
  h.observe(2s);
  PrometheusText out;
  out.histogram("polls_db_query_duration_seconds", {{"db", "x"}}, h.snapshot());
  const std::string& text = out.text();
  CHECK(text.find("polls_db_query_duration_seconds_bucket{db=\"x\",le=\"0.0001\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("polls_db_query_duration_seconds_bucket{db=\"x\",le=\"0.00025\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("polls_db_query_duration_seconds_bucket{db=\"x\",le=\"1\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("polls_db_query_duration_seconds_bucket{db=\"x\",le=\"2.5\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("polls_db_query_duration_seconds_bucket{db=\"x\",le=\"+Inf\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("polls_db_query_duration_seconds_sum{db=\"x\"} 2.0002\n") != std::string::npos);
  CHECK(text.find("polls_db_query_duration_seconds_count{db=\"x\"} 2\n") != std::string::npos);
  // Every bucket line of the one histogram, in order: 16 bounds and +Inf.
  std::size_t lines = 0;
  for (std::size_t at = text.find("_bucket{"); at != std::string::npos;
       at = text.find("_bucket{", at + 1)) {
    ++lines;
  }
  CHECK(lines == 17);
}
