// The polls pages kept in memory (web/page_cache.hpp) are never stale: each way the data can
// change (a vote, an admin save, another connection on the SQLite file, another replica on
// PostgreSQL, the clock passing a publication or a closing) shows on the very next request, also
// with readers and writers at once; and a kept page stays each visitor's own (their CSRF token,
// their share link, their vote). On SQLite and PostgreSQL.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "http/admin_client.hpp"
#include "polls/repository.hpp"
#include "support/wait.hpp"

using polls::db::Timestamp;
using polls::test::CsrfPair;
using polls::test::TestSite;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

struct Poll {
  std::int64_t question = 0;
  std::int64_t yes = 0;
  std::int64_t no = 0;
};

Poll make_poll(TestSite& site, std::string_view text = "Cached?") {
  Poll poll;
  poll.question = site.create_question(text, days{-1});
  poll.yes = site.create_choice(poll.question, "Yes");
  poll.no = site.create_choice(poll.question, "No");
  return poll;
}

std::string detail_path(std::int64_t id) { return "/polls/" + std::to_string(id) + "/"; }
std::string results_path(std::int64_t id) { return detail_path(id) + "results/"; }

std::string get_body(TestSite& site, const std::string& path,
                     const httplib::Headers& headers = {}) {
  auto client = site.client();
  const auto res = client.Get(path, headers);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return polls::test::html_unescape(res->body);
}

double hits(TestSite& site) { return site.metric("polls_page_cache_hits_total"); }

// What fetch() gives when the page cache served it: on SQLite the first try; on PostgreSQL the
// data version is the whole server's snapshot, which the tests running beside this one change
// with their commits, so it asks until a try is served from the cache (each answer is still
// the right one: a miss renders afresh).
template <class Fetch>
auto kept(TestSite& site, Fetch fetch) {
  for (int attempt = 1;; ++attempt) {
    const double before = hits(site);
    auto answer = fetch();
    if (hits(site) > before) return answer;
    const bool shared_server = site.database().dialect() == polls::db::Dialect::Postgres;
    if (!shared_server || attempt == 50) {
      FAIL("not served from the page cache after ", attempt, " tries");
      return answer;
    }
  }
}

// GETs path, which must come from the page cache; its body as a user reads it.
std::string get_kept(TestSite& site, const std::string& path, httplib::Headers headers = {}) {
  return kept(site, [&] { return get_body(site, path, headers); });
}

bool says(const std::string& body, std::string_view text) {
  return body.find(text) != std::string::npos;
}

// The results page's total ("Total: <span class="total-votes">3 votes</span>").
std::int64_t total_on(const std::string& body) {
  constexpr std::string_view kTotal = R"(<span class="total-votes">)";
  const std::size_t at = body.find(kTotal);
  REQUIRE(at != std::string::npos);
  return std::stoll(body.substr(at + kTotal.size()));
}

// A vote with this visitor's CSRF pair (and their other cookies, "name=value; ...").
httplib::Result post_vote(TestSite& site, std::int64_t question, const CsrfPair& csrf,
                          std::int64_t choice, const std::string& more_cookies = "") {
  auto client = site.client();
  std::string cookies = "csrftoken=" + csrf.cookie;
  if (!more_cookies.empty()) cookies += "; " + more_cookies;
  return client.Post(detail_path(question) + "vote/", {{"Cookie", cookies}},
                     polls::test::form_body(
                         {{"csrfmiddlewaretoken", csrf.token}, {"choice", std::to_string(choice)}}),
                     "application/x-www-form-urlencoded");
}

// How the results page gives a choice's count ("Yes -- 1 vote").
std::string counted(std::string_view choice, std::string_view votes) {
  return std::string(choice) + R"( -- <span class="result-votes">)" + std::string(votes) +
         "</span>";
}

int vote(TestSite& site, std::int64_t question, std::int64_t choice) {
  const auto res = post_vote(site, question, site.csrf(question), choice);
  REQUIRE(res);
  return res->status;
}

}  // namespace

TEST_CASE("a kept page is served from memory, and a vote shows on the results page at once") {
  TestSite site;
  const Poll poll = make_poll(site);
  CHECK(total_on(get_body(site, results_path(poll.question))) == 0);
  CHECK(total_on(get_kept(site, results_path(poll.question))) == 0);
  for (int i = 1; i <= 5; ++i) {
    REQUIRE(vote(site, poll.question, poll.yes) == 302);
    CHECK(total_on(get_body(site, results_path(poll.question))) == i);
    CHECK(total_on(get_body(site, results_path(poll.question))) == i);
  }
}

TEST_CASE("an admin save shows at once on the index, the question's page and its results") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  polls::test::AdminClient admin(site);
  REQUIRE(admin.login()->status == 302);
  const Poll poll = make_poll(site, "Before the edit?");
  CHECK(says(get_body(site, "/polls/"), "Before the edit?"));
  CHECK(says(get_body(site, detail_path(poll.question)), "Before the edit?"));
  CHECK(says(get_body(site, results_path(poll.question)), counted("Yes", "0 votes")));
  CHECK(says(get_kept(site, "/polls/"), "Before the edit?"));
  CHECK(says(get_kept(site, detail_path(poll.question)), "Before the edit?"));
  CHECK(says(get_kept(site, results_path(poll.question)), counted("Yes", "0 votes")));
  const std::string change = "/admin/polls/question/" + std::to_string(poll.question) + "/change/";
  REQUIRE(admin.get(change)->status == 200);
  const auto saved = admin.post(change, {{"question_text", "After the edit?"},
                                         {"pub_date_0", "2026-07-13"},
                                         {"pub_date_1", "10:30:45"},
                                         {"choice_set-TOTAL_FORMS", "2"},
                                         {"choice_set-INITIAL_FORMS", "2"},
                                         {"choice_set-0-id", std::to_string(poll.yes)},
                                         {"choice_set-0-choice_text", "Yes"},
                                         {"choice_set-0-votes", "4"},
                                         {"choice_set-1-id", std::to_string(poll.no)},
                                         {"choice_set-1-choice_text", "Renamed"},
                                         {"choice_set-1-votes", "0"},
                                         {"voters", "anyone"},
                                         {"results", "always"},
                                         {"_save", ""}});
  REQUIRE(saved);
  REQUIRE(saved->status == 302);
  CHECK(says(get_body(site, "/polls/"), "After the edit?"));
  const std::string detail = get_body(site, detail_path(poll.question));
  CHECK(says(detail, "After the edit?"));
  CHECK(says(detail, "Renamed"));
  CHECK(says(get_body(site, results_path(poll.question)), counted("Yes", "4 votes")));
}

TEST_CASE(
    "a write by another connection (another process on the SQLite file, another replica on "
    "PostgreSQL) shows at once") {
  TestSite site;
  const Poll poll = make_poll(site);
  const auto other = site.test_database()->open_another();
  polls::polls_app::PollsRepository elsewhere(*other);
  get_body(site, results_path(poll.question));
  for (int i = 1; i <= 3; ++i) {
    get_kept(site, results_path(poll.question));
    REQUIRE(elsewhere.vote(poll.question, poll.no, polls::test::kNow));
    CHECK(says(get_body(site, results_path(poll.question)),
               counted("No", std::to_string(i) + (i == 1 ? " vote" : " votes"))));
  }
  get_body(site, detail_path(poll.question));
  get_kept(site, detail_path(poll.question));
  elsewhere.create_choice(poll.question, "Maybe");
  CHECK(says(get_body(site, detail_path(poll.question)), "Maybe"));
  get_body(site, "/polls/");
  get_kept(site, "/polls/");
  elsewhere.create_question("Written elsewhere?", polls::test::kNow - minutes{1});
  CHECK(says(get_body(site, "/polls/"), "Written elsewhere?"));
}

TEST_CASE("a vote through one replica shows at once on another's kept results page") {
  TestSite a;
  const auto b_database = a.test_database()->open_another();
  polls::test::SiteOptions b_options;
  b_options.database = b_database.get();
  TestSite b(b_options);
  const Poll poll = make_poll(a);
  for (int i = 1; i <= 6; ++i) {
    get_body(a, results_path(poll.question));
    get_kept(a, results_path(poll.question));
    get_body(b, results_path(poll.question));
    get_kept(b, results_path(poll.question));
    TestSite& voter = i % 2 == 0 ? a : b;
    TestSite& reader = i % 2 == 0 ? b : a;
    REQUIRE(vote(voter, poll.question, poll.yes) == 302);
    CHECK(total_on(get_body(reader, results_path(poll.question))) == i);
  }
}

TEST_CASE("the index shows a question the moment its publication date passes, not before") {
  std::atomic<Timestamp> clock{polls::test::kNow};
  polls::test::SiteOptions options;
  options.now = [&clock] { return clock.load(); };
  TestSite site(options);
  site.create_question("Already out?", -hours{1});
  site.create_question("Out in a minute?", minutes{1});
  CHECK_FALSE(says(get_body(site, "/polls/"), "Out in a minute?"));
  CHECK_FALSE(says(get_kept(site, "/polls/"), "Out in a minute?"));
  clock = polls::test::kNow + minutes{1} - std::chrono::microseconds{1};
  CHECK_FALSE(says(get_body(site, "/polls/"), "Out in a minute?"));
  clock = polls::test::kNow + minutes{1};
  CHECK(says(get_body(site, "/polls/"), "Out in a minute?"));
  // A clock set back (an adjusted system clock) gets the page of its own time.
  clock = polls::test::kNow;
  CHECK_FALSE(says(get_body(site, "/polls/"), "Out in a minute?"));
}

TEST_CASE("a poll's page and results turn the moment it closes") {
  std::atomic<Timestamp> clock{polls::test::kNow};
  polls::test::SiteOptions options;
  options.now = [&clock] { return clock.load(); };
  TestSite site(options);
  const Poll poll = make_poll(site);
  polls::polls_app::QuestionRules rules;
  rules.closes_at = polls::test::kNow + hours{1};
  rules.results = polls::polls_app::ResultsShown::AfterClose;
  polls::polls_app::save_rules(*site.database().write(), poll.question, rules);
  CHECK(says(get_body(site, detail_path(poll.question)), R"(name="choice")"));
  CHECK(says(get_body(site, results_path(poll.question)), "shown when the poll closes"));
  CHECK(says(get_kept(site, detail_path(poll.question)), R"(name="choice")"));
  CHECK(says(get_kept(site, results_path(poll.question)), "shown when the poll closes"));
  clock = polls::test::kNow + hours{1};
  const std::string detail = get_body(site, detail_path(poll.question));
  CHECK(says(detail, "This poll closed on"));
  CHECK_FALSE(says(detail, R"(name="choice")"));
  CHECK(says(get_body(site, results_path(poll.question)), counted("Yes", "0 votes")));
}

TEST_CASE("each visitor gets a token of their own from a kept page, and it votes") {
  TestSite site;
  const Poll poll = make_poll(site);
  get_body(site, detail_path(poll.question));
  const CsrfPair first = kept(site, [&] { return site.csrf(poll.question); });
  const CsrfPair second = kept(site, [&] { return site.csrf(poll.question); });
  CHECK(first.cookie != second.cookie);
  CHECK(first.token != second.token);
  // A visitor with the cookie gets no new one, and a token for it.
  auto client = site.client();
  const auto again = client.Get(detail_path(poll.question), polls::test::cookie_headers(first));
  REQUIRE(again);
  CHECK(again->get_header_value("Set-Cookie").empty());
  CHECK(again->get_header_value("Vary") == "Cookie");
  CHECK(again->get_header_value("Cache-Control") == "private, no-cache");
  for (const CsrfPair& csrf : {first, second}) {
    const auto res = post_vote(site, poll.question, csrf, poll.no);
    REQUIRE(res);
    CHECK(res->status == 302);
  }
  CHECK(site.votes(poll.no) == 2);
}

TEST_CASE("a kept question page shows each request the share link of the address it used") {
  TestSite site;
  const Poll poll = make_poll(site);
  for (int i = 0; i < 2; ++i) {
    for (const std::string host : {"polls.example", "other.example:8080"}) {
      CAPTURE(host);
      const std::string body = i == 0
                                   ? get_body(site, detail_path(poll.question), {{"Host", host}})
                                   : get_kept(site, detail_path(poll.question), {{"Host", host}});
      CHECK(says(body, "http://" + host + detail_path(poll.question)));
    }
  }
}

TEST_CASE("a poll that keeps receipts is never kept: each browser sees its own vote") {
  TestSite site;
  const Poll poll = make_poll(site);
  polls::polls_app::QuestionRules rules;
  rules.voters = polls::polls_app::Voters::OncePerBrowser;
  rules.results = polls::polls_app::ResultsShown::AfterVote;
  polls::polls_app::save_rules(*site.database().write(), poll.question, rules);
  const CsrfPair voter = site.csrf(poll.question);
  const CsrfPair onlooker = site.csrf(poll.question);
  const auto voted = post_vote(site, poll.question, voter, poll.yes);
  REQUIRE(voted);
  REQUIRE(voted->status == 302);
  std::string voter_cookie;
  for (const auto& [name, value] : voted->headers) {
    if (name == "Set-Cookie" && value.rfind("polls_voter=", 0) == 0) {
      voter_cookie = value.substr(0, value.find(';'));
    }
  }
  REQUIRE_FALSE(voter_cookie.empty());
  const httplib::Headers voter_headers{
      {"Cookie", "csrftoken=" + voter.cookie + "; " + voter_cookie}};
  const double before = hits(site);
  for (int i = 0; i < 2; ++i) {
    CHECK(says(get_body(site, detail_path(poll.question), voter_headers), "You voted for “Yes”"));
    CHECK(
        says(get_body(site, results_path(poll.question), voter_headers), counted("Yes", "1 vote")));
    const std::string detail =
        get_body(site, detail_path(poll.question), polls::test::cookie_headers(onlooker));
    CHECK_FALSE(says(detail, "You voted"));
    CHECK(says(get_body(site, results_path(poll.question), polls::test::cookie_headers(onlooker)),
               "shown after you vote"));
  }
  CHECK(hits(site) == before);
}

TEST_CASE(
    "with readers and voters at once, no page is older than a vote answered before it was "
    "asked for") {
  TestSite site;
  const Poll poll = make_poll(site);
  constexpr int kVotes = 60;
  std::atomic<int> answered{0};
  std::atomic<bool> done{false};
  std::atomic<int> stale{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      auto client = site.client();
      while (!done.load()) {
        const int at_least = answered.load();
        const auto res = client.Get(results_path(poll.question));
        if (!res || res->status != 200) {
          stale.fetch_add(1);
          continue;
        }
        const std::string body = res->body;
        constexpr std::string_view kTotal = R"(<span class="total-votes">)";
        const std::size_t at = body.find(kTotal);
        if (at == std::string::npos || std::stoll(body.substr(at + kTotal.size())) < at_least) {
          stale.fetch_add(1);
        }
        reads.fetch_add(1);
      }
    });
  }
  // The readers must be reading while the votes land, whatever the machine's load: the votes
  // wait for every reader's first page, and every tenth for a few more.
  const auto wait_for_reads = [&reads](int at_least) {
    return polls::testing::wait_for([&] { return reads.load() >= at_least; });
  };
  bool overlapped = wait_for_reads(3);
  const CsrfPair csrf = site.csrf(poll.question);
  for (int i = 1; i <= kVotes; ++i) {
    const auto res = post_vote(site, poll.question, csrf, poll.yes);
    REQUIRE(res);
    REQUIRE(res->status == 302);
    answered.store(i);
    if (i % 10 == 0) overlapped = wait_for_reads(reads.load() + 3) && overlapped;
  }
  done.store(true);
  for (auto& reader : readers) reader.join();
  CHECK(overlapped);
  CHECK(stale.load() == 0);
  CHECK(total_on(get_body(site, results_path(poll.question))) == kVotes);
}

TEST_CASE("HEAD of a kept page has the head of its GET and no body") {
  TestSite site;
  const Poll poll = make_poll(site);
  auto client = site.client();
  const auto get = client.Get(results_path(poll.question));
  REQUIRE(get);
  const auto head = kept(site, [&] { return client.Head(results_path(poll.question)); });
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(head->get_header_value("Content-Length") == std::to_string(get->body.size()));
  CHECK(head->get_header_value("Content-Type") == get->get_header_value("Content-Type"));
}

TEST_CASE("page_cache_mib = 0 keeps no page") {
  polls::test::SiteOptions options;
  options.page_cache_mib = 0;
  TestSite site(options);
  const Poll poll = make_poll(site);
  for (int i = 0; i < 3; ++i) {
    get_body(site, "/polls/");
    get_body(site, detail_path(poll.question));
    get_body(site, results_path(poll.question));
  }
  CHECK(hits(site) == 0);
  CHECK(site.metric("polls_page_cache_bytes") == 0);
}
