// A poll people can trust, through HTTP: one vote per browser or staff account (a second is
// refused with the first choice), changing a vote, closing, who sees the results when, and the
// vote limit per address on a clock the test moves.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "http/admin_client.hpp"
#include "http/raw_connection.hpp"
#include "http/support.hpp"
#include "polls/repository.hpp"

using polls::polls_app::QuestionRules;
using polls::polls_app::ResultsShown;
using polls::polls_app::Voters;
using polls::test::AdminClient;
using polls::test::TestSite;
using std::chrono::days;

namespace {

struct Poll {
  std::int64_t question = 0;
  std::int64_t tea = 0;
  std::int64_t coffee = 0;
  std::string detail() const { return "/polls/" + std::to_string(question) + "/"; }
  std::string vote() const { return detail() + "vote/"; }
  std::string results() const { return detail() + "results/"; }
};

Poll make_poll(TestSite& site, const QuestionRules& rules) {
  Poll poll;
  poll.question = site.create_question("Tea or coffee?", days{-1});
  poll.tea = site.create_choice(poll.question, "Tea");
  poll.coffee = site.create_choice(poll.question, "Coffee");
  polls::polls_app::save_rules(*site.database().write(), poll.question, rules);
  return poll;
}

// A browser that opens the poll and votes for a choice, as a person would.
httplib::Result vote(AdminClient& browser, const Poll& poll, std::int64_t choice) {
  browser.get(poll.detail());
  return browser.post(poll.vote(), {{"choice", std::to_string(choice)}});
}

std::string text_of(const httplib::Result& res) { return polls::test::html_unescape(res->body); }

QuestionRules once_per_browser(bool allow_change = false) {
  QuestionRules rules;
  rules.voters = Voters::OncePerBrowser;
  rules.allow_change = allow_change;
  return rules;
}

}  // namespace

TEST_CASE("once per browser: a second vote gets a page with the first choice and counts nothing") {
  TestSite site;
  const Poll poll = make_poll(site, once_per_browser());
  AdminClient browser(site);
  const auto first = vote(browser, poll, poll.tea);
  REQUIRE(first);
  CHECK(first->status == 302);
  const std::string& cookie = browser.set_cookie_header("polls_voter");
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Lax") != std::string::npos);
  CHECK(cookie.find("Max-Age=31536000") != std::string::npos);
  const auto second = vote(browser, poll, poll.coffee);
  REQUIRE(second);
  CHECK(second->status == 409);
  CHECK(text_of(second).find("You already voted for “Tea”.") != std::string::npos);
  CHECK(site.votes(poll.tea) == 1);
  CHECK(site.votes(poll.coffee) == 0);
  CHECK(site.metric(R"(polls_votes_refused_total{reason="already_voted"})") == 1);
  CHECK(site.metric("polls_votes_total") == 1);
  // The page now says what they chose instead of offering the form; another browser may vote.
  const auto page = browser.get(poll.detail());
  CHECK(text_of(page).find("You voted for “Tea”.") != std::string::npos);
  CHECK(page->body.find(R"(name="choice")") == std::string::npos);
  CHECK(page->get_header_value("Cache-Control") == "private, no-cache");
  AdminClient other(site);
  CHECK(vote(other, poll, poll.coffee)->status == 302);
  CHECK(site.votes(poll.coffee) == 1);
  // The results page offers no "Vote again?".
  CHECK(browser.get(poll.results())->body.find("Vote again?") == std::string::npos);
}

TEST_CASE("a forged or missing voter cookie is a new voter, never someone else's") {
  TestSite site;
  const Poll poll = make_poll(site, once_per_browser());
  AdminClient browser(site);
  REQUIRE(vote(browser, poll, poll.tea)->status == 302);
  std::string forged = browser.cookies()["polls_voter"];
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  browser.cookies()["polls_voter"] = forged;
  CHECK(vote(browser, poll, poll.tea)->status == 302);  // a new cookie, a new voter
  CHECK(browser.cookies()["polls_voter"] != forged);
  CHECK(site.votes(poll.tea) == 2);
}

TEST_CASE("changing a vote, where allowed, moves it in one step") {
  TestSite site;
  const Poll poll = make_poll(site, once_per_browser(true));
  AdminClient browser(site);
  REQUIRE(vote(browser, poll, poll.tea)->status == 302);
  const auto page = browser.get(poll.detail());
  CHECK(text_of(page).find("You voted for “Tea”. You may change your vote.") != std::string::npos);
  CHECK(page->body.find("Change vote") != std::string::npos);
  CHECK(page->body.find("value=\"" + std::to_string(poll.tea) + "\" checked") != std::string::npos);
  CHECK(browser.post(poll.vote(), {{"choice", std::to_string(poll.coffee)}})->status == 302);
  CHECK(site.votes(poll.tea) == 0);
  CHECK(site.votes(poll.coffee) == 1);
  CHECK(browser.get(poll.results())->body.find("Vote again?") != std::string::npos);
}

TEST_CASE("many parallel votes with one voter cookie count once") {
  TestSite site;
  const Poll poll = make_poll(site, once_per_browser());
  AdminClient browser(site);
  REQUIRE(vote(browser, poll, poll.tea)->status == 302);
  const Poll fresh = make_poll(site, once_per_browser());
  // Every thread sends the same cookie and token, as a script replaying one browser would.
  browser.get(fresh.detail());
  const std::string token =
      polls::test::input_value(browser.get(fresh.detail())->body, "csrfmiddlewaretoken");
  std::string cookie;
  for (const auto& [name, value] : browser.cookies()) {
    cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
  }
  std::atomic<int> counted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto client = site.client();
      for (int i = 0; i < 10; ++i) {
        const auto choice = (t + i) % 2 == 0 ? fresh.tea : fresh.coffee;
        const auto res =
            client.Post(fresh.vote(), {{"Cookie", cookie}, {"Origin", "http://" + site.host()}},
                        polls::test::form_body(
                            {{"csrfmiddlewaretoken", token}, {"choice", std::to_string(choice)}}),
                        "application/x-www-form-urlencoded");
        if (res && res->status == 302) ++counted;
        if (res && res->status == 409) ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(counted.load() == 1);
  CHECK(refused.load() == 79);
  CHECK(site.votes(fresh.tea) + site.votes(fresh.coffee) == 1);
}

TEST_CASE("once per staff account: others are asked to sign in, staff vote once each") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  QuestionRules rules;
  rules.voters = Voters::OncePerStaff;
  const Poll poll = make_poll(site, rules);
  AdminClient anonymous(site);
  const auto page = anonymous.get(poll.detail());
  CHECK(text_of(page).find("Only staff accounts may vote on this poll.") != std::string::npos);
  CHECK(page->body.find("/admin/login/?next=%2Fpolls%2F") != std::string::npos);
  // A vote posted anyway (with a token from another page) is refused.
  anonymous.get("/polls/");
  const auto refused = anonymous.post(poll.vote(), {{"choice", std::to_string(poll.tea)}});
  CHECK(refused->status == 403);
  CHECK(site.votes(poll.tea) == 0);
  CHECK(site.metric(R"(polls_votes_refused_total{reason="not_signed_in"})") == 1);
  AdminClient staff(site);
  REQUIRE(staff.login()->status == 302);
  CHECK(vote(staff, poll, poll.tea)->status == 302);
  CHECK(vote(staff, poll, poll.coffee)->status == 409);
  CHECK(site.votes(poll.tea) == 1);
  CHECK(site.votes(poll.coffee) == 0);
  // The receipt is the account's, not the browser's: a second browser of the same user.
  AdminClient again(site);
  REQUIRE(again.login()->status == 302);
  CHECK(vote(again, poll, poll.coffee)->status == 409);
}

TEST_CASE("a closed poll shows when it closed, refuses votes with 409 and keeps its results") {
  std::atomic<polls::db::Timestamp> now{polls::test::kNow};
  polls::test::SiteOptions options;
  options.now = [&now] { return now.load(); };
  TestSite site(options);
  QuestionRules rules;
  rules.closes_at = polls::test::kNow + std::chrono::hours{1};
  const Poll poll = make_poll(site, rules);
  AdminClient browser(site);
  auto page = browser.get(poll.detail());
  CHECK(text_of(page).find("Voting closes on <time") != std::string::npos);
  CHECK(text_of(page).find(">Tuesday 14 July 2026, 11:30:45 UTC</time>.") != std::string::npos);
  REQUIRE(vote(browser, poll, poll.tea)->status == 302);
  now = polls::test::kNow + std::chrono::hours{1};
  page = browser.get(poll.detail());
  CHECK(text_of(page).find("This poll closed on <time") != std::string::npos);
  CHECK(page->body.find(R"(name="choice")") == std::string::npos);
  CHECK(page->body.find(R"(<time datetime="2026-07-14T11:30:45+00:00">)") != std::string::npos);
  browser.get("/polls/");
  const auto refused = browser.post(poll.vote(), {{"choice", std::to_string(poll.tea)}});
  CHECK(refused->status == 409);
  CHECK(text_of(refused).find("This poll is closed") != std::string::npos);
  CHECK(site.metric(R"(polls_votes_refused_total{reason="closed"})") == 1);
  CHECK(site.votes(poll.tea) == 1);
  const auto results = browser.get(poll.results());
  CHECK(results->status == 200);
  CHECK(text_of(results).find("Tea -- <span class=\"result-votes\">1 vote") != std::string::npos);
  CHECK(results->body.find("Vote again?") == std::string::npos);
}

TEST_CASE("results after a vote: hidden, stream refused, until this browser votes") {
  TestSite site;
  QuestionRules rules;
  rules.results = ResultsShown::AfterVote;
  const Poll poll = make_poll(site, rules);
  AdminClient browser(site);
  auto results = browser.get(poll.results());
  CHECK(results->status == 200);
  CHECK(text_of(results).find("The results are shown after you vote.") != std::string::npos);
  CHECK(results->body.find("result-votes") == std::string::npos);
  CHECK(browser.get(poll.detail() + "events/")->status == 403);
  // Anyone may vote as often as they like here: each counts, and the receipt opens the results.
  REQUIRE(vote(browser, poll, poll.tea)->status == 302);
  REQUIRE(vote(browser, poll, poll.tea)->status == 302);
  CHECK(site.votes(poll.tea) == 2);
  results = browser.get(poll.results());
  CHECK(text_of(results).find("Tea -- <span class=\"result-votes\">2 votes") != std::string::npos);
  CHECK(results->get_header_value("Cache-Control") == "private, no-cache");
  AdminClient other(site);
  CHECK(other.get(poll.results())->body.find("result-votes") == std::string::npos);
}

TEST_CASE("results after closing: hidden from voters too until the poll closes") {
  std::atomic<polls::db::Timestamp> now{polls::test::kNow};
  polls::test::SiteOptions options;
  options.now = [&now] { return now.load(); };
  TestSite site(options);
  QuestionRules rules;
  rules.results = ResultsShown::AfterClose;
  rules.closes_at = polls::test::kNow + std::chrono::minutes{5};
  const Poll poll = make_poll(site, rules);
  AdminClient browser(site);
  REQUIRE(vote(browser, poll, poll.coffee)->status == 302);
  auto results = browser.get(poll.results());
  CHECK(text_of(results).find("The results are shown when the poll closes.") != std::string::npos);
  CHECK(results->body.find("result-votes") == std::string::npos);
  now = polls::test::kNow + std::chrono::minutes{5};
  results = browser.get(poll.results());
  CHECK(text_of(results).find("Coffee -- <span class=\"result-votes\">1 vote") !=
        std::string::npos);
  // The stream opens now (HEAD: its head without the endless body).
  const auto stream = site.client().Head(poll.detail() + "events/");
  REQUIRE(stream);
  CHECK(stream->status == 200);
}

TEST_CASE("the vote limit answers 429 with Retry-After, per address, until the window ends") {
  std::atomic<polls::db::Timestamp> now{polls::test::kNow};  // 45.123456 s into a minute
  polls::test::SiteOptions options;
  options.now = [&now] { return now.load(); };
  options.vote_rate_limit = 3;
  options.vote_rate_window_seconds = 60;
  options.trust_x_forwarded_for = true;
  TestSite site(options);
  const Poll poll = make_poll(site, {});
  AdminClient browser(site);
  browser.get(poll.detail());
  const auto post = [&](std::string_view address) {
    return browser.post(poll.vote(), {{"choice", std::to_string(poll.tea)}},
                        {{"X-Forwarded-For", "203.0.113.9, " + std::string(address)}});
  };
  for (int i = 0; i < 3; ++i) CHECK(post("198.51.100.1")->status == 302);
  const auto limited = post("198.51.100.1");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(limited->get_header_value("Retry-After") == "15");
  CHECK(text_of(limited).find("Please try again in 15 seconds.") != std::string::npos);
  CHECK(site.votes(poll.tea) == 3);
  CHECK(site.metric(R"(polls_votes_refused_total{reason="rate_limited"})") == 1);
  CHECK(post("198.51.100.2")->status == 302);  // another address
  now = polls::test::kNow + std::chrono::seconds{15};
  CHECK(post("198.51.100.1")->status == 302);  // the next window
  CHECK(site.votes(poll.tea) == 5);
}

TEST_CASE("open live streams stop getting counts when the results become hidden") {
  TestSite site;
  const Poll poll = make_poll(site, {});
  polls::test::RawConnection stream(site.port());
  stream.send("GET " + poll.detail() + "events/ HTTP/1.1\r\nHost: " + site.host() + "\r\n\r\n");
  const auto head = stream.read_response(true);
  REQUIRE(head);
  REQUIRE(head->status == 200);
  REQUIRE(stream.read_until("\"votes\":0", std::chrono::seconds(5)));
  REQUIRE(stream.read_until("\n\n", std::chrono::seconds(1)));  // the rest of that first event
  {
    // The admin hides the results until the poll closes, an hour from now.
    auto session = site.database().write();
    polls::db::Transaction transaction(*session);
    QuestionRules rules;
    rules.results = ResultsShown::AfterClose;
    rules.closes_at = polls::test::kNow + std::chrono::hours{1};
    polls::polls_app::save_rules(*session, poll.question, rules);
    polls::polls_app::notify_results_changed(*session, poll.question);
    transaction.commit();
  }
  const auto hidden = stream.read_until("\n\n", std::chrono::seconds(5));
  REQUIRE(hidden);
  CHECK(hidden->find("id: hidden\n") != std::string::npos);
  CHECK(hidden->find(R"("choices":[],"hidden":true)") != std::string::npos);
  // Votes go on; the stream hears of them without their counts.
  AdminClient browser(site);
  REQUIRE(vote(browser, poll, poll.tea)->status == 302);
  const auto later = stream.read_until("\n\n", std::chrono::seconds(2));
  CHECK((!later || later->find("\"votes\"") == std::string::npos));
}

TEST_CASE("a poll that closes while a vote is on its way refuses it with 409, counting nothing") {
  // The clock passes the closing time between the view's look at the rules and the vote's
  // transaction, as when "Close poll now" lands in between: the transaction reads it again.
  std::atomic<int> reads_left{-1};  // negative: the clock stands still
  polls::test::SiteOptions options;
  options.now = [&reads_left] {
    if (reads_left.load() < 0) return polls::test::kNow;
    return reads_left.fetch_sub(1) > 0 ? polls::test::kNow
                                       : polls::test::kNow + std::chrono::hours{2};
  };
  TestSite site(options);
  QuestionRules rules = once_per_browser();
  rules.closes_at = polls::test::kNow + std::chrono::hours{1};
  const Poll poll = make_poll(site, rules);
  AdminClient browser(site);
  browser.get(poll.detail());
  reads_left = 2;  // find_published and the view's closed check see kNow; later reads do not
  const auto res = browser.post(poll.vote(), {{"choice", std::to_string(poll.tea)}});
  REQUIRE(res);
  CHECK(res->status == 409);
  CHECK(text_of(res).find("This poll is closed") != std::string::npos);
  CHECK(site.votes(poll.tea) == 0);
}
