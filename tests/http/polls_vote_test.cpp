// POST /polls/<id>/vote/: a valid vote counts once and redirects to the results; a missing,
// malformed or foreign choice counts nothing and shows the form again; the method, missing and
// future questions; concurrent votes; multipart bodies.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "http/support.hpp"

using polls::test::CsrfPair;
using polls::test::TestSite;
using std::chrono::days;

namespace {

struct Poll {
  std::int64_t question = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;
};

Poll make_poll(TestSite& site, days offset = days{-1}) {
  Poll poll;
  poll.question = site.create_question("What's up?", offset);
  poll.first = site.create_choice(poll.question, "Not much");
  poll.second = site.create_choice(poll.question, "The sky");
  return poll;
}

std::string vote_path(std::int64_t question) {
  return "/polls/" + std::to_string(question) + "/vote/";
}

httplib::Result post_vote(TestSite& site, std::int64_t question, const CsrfPair& csrf,
                          const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::pair<std::string, std::string>> fields{{"csrfmiddlewaretoken", csrf.token}};
  fields.insert(fields.end(), extra.begin(), extra.end());
  auto client = site.client();
  return client.Post(vote_path(question), polls::test::cookie_headers(csrf),
                     polls::test::form_body(fields), "application/x-www-form-urlencoded");
}

void check_form_shown_again(const httplib::Result& res) {
  REQUIRE(res);
  INFO("body: ", res->body);
  CHECK(res->status == 200);
  CHECK(polls::test::html_unescape(res->body).find("You didn't select a choice.") !=
        std::string::npos);
  CHECK(res->body.find(R"(name="choice")") != std::string::npos);
}

}  // namespace

TEST_CASE("a vote with a valid CSRF token counts that choice once and redirects to the results") {
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  const auto res = post_vote(site, poll.question, csrf, {{"choice", std::to_string(poll.second)}});
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(res->get_header_value("Location") ==
        "/polls/" + std::to_string(poll.question) + "/results/");
  CHECK(site.votes(poll.second) == 1);
  CHECK(site.votes(poll.first) == 0);

  auto client = site.client();
  const auto results = client.Get(res->get_header_value("Location"));
  REQUIRE(results);
  const std::string& page = results->body;
  CHECK(page.find(R"(The sky -- <span class="result-votes">1 vote</span>)") != std::string::npos);
  CHECK(page.find(R"(Not much -- <span class="result-votes">0 votes</span>)") != std::string::npos);
}

TEST_CASE("a vote may carry its CSRF token in the X-CSRFToken header") {
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  auto client = site.client();
  const auto res = client.Post(vote_path(poll.question),
                               polls::test::cookie_headers(csrf, {{"X-CSRFToken", csrf.token}}),
                               polls::test::form_body({{"choice", std::to_string(poll.first)}}),
                               "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(site.votes(poll.first) == 1);
}

TEST_CASE("a CSRF token can be used for several votes") {
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  for (int i = 0; i < 3; ++i) {
    const auto res = post_vote(site, poll.question, csrf, {{"choice", std::to_string(poll.first)}});
    REQUIRE(res);
    CHECK(res->status == 302);
  }
  CHECK(site.votes(poll.first) == 3);
}

TEST_CASE("a vote without a valid choice shows the form again and counts nothing") {
  TestSite site;
  const Poll poll = make_poll(site);
  const Poll other = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  std::vector<std::pair<std::string, std::string>> fields;

  SUBCASE("no choice") {}
  SUBCASE("an empty choice") { fields = {{"choice", ""}}; }
  SUBCASE("a choice that is not a number") { fields = {{"choice", "abc"}}; }
  SUBCASE("a negative choice") { fields = {{"choice", "-" + std::to_string(poll.first)}}; }
  SUBCASE("a choice with trailing garbage") {
    fields = {{"choice", std::to_string(poll.first) + "x"}};
  }
  SUBCASE("a choice too large for 64 bits") { fields = {{"choice", "99999999999999999999"}}; }
  SUBCASE("a choice of another question") { fields = {{"choice", std::to_string(other.first)}}; }
  SUBCASE("an unknown choice") { fields = {{"choice", "987654"}}; }

  check_form_shown_again(post_vote(site, poll.question, csrf, fields));
  for (const auto choice : {poll.first, poll.second, other.first, other.second}) {
    CHECK(site.votes(choice) == 0);
  }
}

TEST_CASE("the vote URL answers GET with 405 and an Allow header listing POST") {
  TestSite site;
  const Poll poll = make_poll(site);
  auto client = site.client();
  const auto res = client.Get(vote_path(poll.question));
  REQUIRE(res);
  CHECK(res->status == 405);
  const std::string allow = res->get_header_value("Allow");
  CHECK(allow.find("POST") != std::string::npos);
  CHECK(allow.find("GET") == std::string::npos);
  CHECK(res->body.find("Method Not Allowed") != std::string::npos);
}

TEST_CASE("a vote on a question that does not exist or is not yet published is 404") {
  TestSite site;
  const Poll future = make_poll(site, days{2});
  const CsrfPair csrf = site.csrf(make_poll(site).question);

  const auto missing = post_vote(site, 9999, csrf, {{"choice", "1"}});
  REQUIRE(missing);
  CHECK(missing->status == 404);

  const auto early =
      post_vote(site, future.question, csrf, {{"choice", std::to_string(future.first)}});
  REQUIRE(early);
  CHECK(early->status == 404);
  CHECK(site.votes(future.first) == 0);
}

TEST_CASE("concurrent votes on one choice are all counted") {
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  constexpr int kThreads = 8;
  constexpr int kVotesEach = 50;
  std::atomic<int> redirected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = site.client();
      client.set_keep_alive(t % 2 == 0);  // half reuse a connection, half open one per vote
      const std::string body = polls::test::form_body(
          {{"csrfmiddlewaretoken", csrf.token}, {"choice", std::to_string(poll.first)}});
      for (int i = 0; i < kVotesEach; ++i) {
        const auto res = client.Post(vote_path(poll.question), polls::test::cookie_headers(csrf),
                                     body, "application/x-www-form-urlencoded");
        if (res && res->status == 302) ++redirected;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(redirected.load() == kThreads * kVotesEach);
  CHECK(site.votes(poll.first) == kThreads * kVotesEach);
  CHECK(site.votes(poll.second) == 0);
}

TEST_CASE("a vote sent as multipart/form-data counts") {
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  auto client = site.client();
  const httplib::UploadFormDataItems items{
      {"csrfmiddlewaretoken", csrf.token, "", ""},
      {"choice", std::to_string(poll.second), "", ""},
  };
  const auto res = client.Post(vote_path(poll.question), polls::test::cookie_headers(csrf), items);
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(site.votes(poll.second) == 1);
}

TEST_CASE("a multipart vote without a choice shows the form again") {
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  auto client = site.client();
  const httplib::UploadFormDataItems items{{"csrfmiddlewaretoken", csrf.token, "", ""}};
  check_form_shown_again(
      client.Post(vote_path(poll.question), polls::test::cookie_headers(csrf), items));
  CHECK(site.votes(poll.first) == 0);
  CHECK(site.votes(poll.second) == 0);
}

TEST_CASE("a multipart vote with a field that is not UTF-8 is a 400 and counts nothing") {
  // Every page is UTF-8, so browsers send forms in UTF-8: a multipart body is held to the same
  // rule as a urlencoded one, before the CSRF check reads it.
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  auto client = site.client();
  const httplib::UploadFormDataItems items{
      {"csrfmiddlewaretoken", csrf.token, "", ""},
      {"choice", std::to_string(poll.second), "", ""},
      {"note", "caf\xe9", "", ""},
  };
  const auto res = client.Post(vote_path(poll.question), polls::test::cookie_headers(csrf), items);
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(site.votes(poll.second) == 0);
}

TEST_CASE("a vote body that is not a valid form is a 400 and counts nothing") {
  TestSite site;
  const Poll poll = make_poll(site);
  const CsrfPair csrf = site.csrf(poll.question);
  auto client = site.client();
  const std::string body = "choice=" + std::to_string(poll.first) + "&bad=%zz";
  const auto res = client.Post(vote_path(poll.question),
                               polls::test::cookie_headers(csrf, {{"X-CSRFToken", csrf.token}}),
                               body, "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(site.votes(poll.first) == 0);
}
