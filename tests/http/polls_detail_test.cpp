// GET /polls/<id>/ and /polls/<id>/results/: the tutorial's QuestionDetailViewTests, the voting
// form, ids that are not questions (missing, not a number, too large), and the results page.
#include <doctest/doctest.h>

#include <string>

#include "http/support.hpp"

using polls::test::TestSite;
using std::chrono::days;

namespace {

std::string detail_path(std::int64_t id) { return "/polls/" + std::to_string(id) + "/"; }
std::string results_path(std::int64_t id) { return detail_path(id) + "results/"; }

bool contains(const std::string& body, std::string_view text) {
  return body.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("detail of a question published in the future is 404") {
  TestSite site;
  const auto id = site.create_question("Future question.", days{5});
  auto client = site.client();
  const auto res = client.Get(detail_path(id));
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK_FALSE(contains(res->body, "Future question."));
}

TEST_CASE("detail of a question published in the past shows its text") {
  TestSite site;
  const auto id = site.create_question("Past Question.", days{-5});
  auto client = site.client();
  const auto res = client.Get(detail_path(id));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(contains(res->body, "<h1>Past Question.</h1>"));
  CHECK(contains(res->body, "<title>Past Question. | polls</title>"));
}

TEST_CASE("detail shows one labelled radio button per choice, in creation order") {
  TestSite site;
  const auto id = site.create_question("What's up?", days{-1});
  const auto not_much = site.create_choice(id, "Not much");
  const auto sky = site.create_choice(id, "The sky");
  auto client = site.client();
  const auto res = client.Get(detail_path(id));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string& body = res->body;
  CHECK(polls::test::count_of(body, R"(type="radio")") == 2);
  CHECK(polls::test::count_of(body, R"(name="choice")") == 2);
  for (const auto& [choice, text] : {std::pair{not_much, "Not much"}, std::pair{sky, "The sky"}}) {
    const std::string c = std::to_string(choice);
    CAPTURE(c);
    CHECK(contains(body, R"(<input type="radio" name="choice" id="choice)" + c + R"(" value=")" +
                             c + R"(">)"));
    CHECK(contains(body, R"(<label for="choice)" + c + R"(">)" + text + "</label>"));
  }
  CHECK(body.find("Not much") < body.find("The sky"));
  CHECK(contains(body,
                 R"(<form action="/polls/)" + std::to_string(id) + R"(/vote/" method="post">)"));
  CHECK(contains(body, R"(<input type="hidden" name="csrfmiddlewaretoken" value=")"));
  CHECK(contains(body,
                 R"(<a href="/polls/)" + std::to_string(id) + R"(/results/">View results</a>)"));
}

TEST_CASE("detail of a question without choices says so") {
  TestSite site;
  const auto id = site.create_question("Lonely?", days{-1});
  auto client = site.client();
  const auto res = client.Get(detail_path(id));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(contains(res->body, "This question has no choices yet."));
}

TEST_CASE("detail escapes the HTML in question and choice text") {
  TestSite site;
  const auto id = site.create_question("<b>bold</b>?", days{-1});
  site.create_choice(id, "<img src=x onerror=alert(1)>");
  auto client = site.client();
  const auto res = client.Get(detail_path(id));
  REQUIRE(res);
  CHECK_FALSE(contains(res->body, "<b>bold</b>"));
  CHECK_FALSE(contains(res->body, "<img src=x"));
  CHECK(contains(res->body, "&lt;b&gt;bold&lt;/b&gt;?"));
  CHECK(contains(res->body, "&lt;img src=x onerror=alert(1)&gt;"));
}

TEST_CASE("detail of a question that does not exist is 404") {
  TestSite site;
  auto client = site.client();
  for (const char* path : {"/polls/1/", "/polls/0/", "/polls/424242/"}) {
    CAPTURE(path);
    const auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(contains(res->body, "Not Found"));
  }
}

TEST_CASE("detail paths whose id is not a number are 404") {
  TestSite site;
  site.create_question("Past question.", days{-1});
  auto client = site.client();
  for (const char* path : {"/polls/abc/", "/polls/-1/", "/polls/1a/", "/polls/+1/", "/polls/ 1/",
                           "/polls/1.0/", "/polls/0x1/"}) {
    CAPTURE(path);
    const auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
  }
}

TEST_CASE("detail of an id too large for 64 bits is 404, not a server error") {
  TestSite site;
  auto client = site.client();
  for (const char* path : {"/polls/99999999999999999999/", "/polls/9223372036854775808/",
                           "/polls/99999999999999999999/results/", "/polls/9223372036854775807/"}) {
    CAPTURE(path);
    const auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
  }
}

TEST_CASE("results count each choice's votes with the right plural") {
  TestSite site;
  const auto id = site.create_question("Best colour?", days{-1});
  site.create_choice(id, "Red", 1);
  site.create_choice(id, "Green", 0);
  site.create_choice(id, "Blue", 2);
  auto client = site.client();
  const auto res = client.Get(results_path(id));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(contains(res->body, "<h1>Best colour?</h1>"));
  // Django's "choice -- N votes", whole, in each item.
  CHECK(contains(res->body, R"(Red -- <span class="result-votes">1 vote</span>)"));
  CHECK(contains(res->body, R"(Green -- <span class="result-votes">0 votes</span>)"));
  CHECK(contains(res->body, R"(Blue -- <span class="result-votes">2 votes</span>)"));
  CHECK(contains(res->body, R"(<a href="/polls/)" + std::to_string(id) + R"(/">Vote again?</a>)"));
}

TEST_CASE("results draw a bar per choice with its percentage, mark the leader and give the total") {
  TestSite site;
  const auto id = site.create_question("Best colour?", days{-1});
  const auto red = site.create_choice(id, "Red", 1);
  const auto green = site.create_choice(id, "Green", 0);
  const auto blue = site.create_choice(id, "Blue", 2);
  auto client = site.client();
  const auto res = client.Get(results_path(id));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string& body = res->body;
  const auto item = [&](std::int64_t choice, bool leading) {
    return R"(<li class="result)" + std::string(leading ? " is-leading" : "") +
           R"(" data-choice=")" + std::to_string(choice) + R"(">)";
  };
  CHECK(contains(body, item(red, false)));
  CHECK(contains(body, item(green, false)));
  CHECK(contains(body, item(blue, true)));
  // 1, 0 and 2 of 3 votes, rounded half up; the bar is drawn only, the numbers are text.
  for (const char* percent : {"33", "0", "67"}) {
    CAPTURE(percent);
    CHECK(contains(body, R"(<span class="result-percent">)" + std::string(percent) + "%</span>"));
    CHECK(contains(body, R"(<div class="bar" aria-hidden="true"><div class="bar-fill w-)" +
                             std::string(percent) + R"("></div></div>)"));
  }
  // "Leading" in words, for whoever cannot tell the colours apart: shown for Blue only.
  const std::string shown = R"(<strong class="result-leader">Leading</strong>)";
  const std::string hidden = R"(<strong class="result-leader" hidden>Leading</strong>)";
  CHECK(polls::test::count_of(body, shown) == 1);
  CHECK(polls::test::count_of(body, hidden) == 2);
  CHECK(contains(body, R"(<p class="total">Total: <span class="total-votes">3 votes</span></p>)"));
  CHECK(contains(body, R"(<p class="live-status small" role="status">)"));
  CHECK(contains(body, R"(<p class="visually-hidden live-announce" aria-live="polite")"));
  CHECK(contains(body, R"(data-events-url="/polls/)" + std::to_string(id) + R"(/events/")"));
  CHECK(contains(body, R"(<script src="/static/polls/live-results.js" defer></script>)"));
  CHECK_FALSE(contains(body, "style="));
}

TEST_CASE("results of a question nobody voted on show empty bars and no leader") {
  TestSite site;
  const auto id = site.create_question("Too early?", days{-1});
  site.create_choice(id, "Yes");
  site.create_choice(id, "No");
  auto client = site.client();
  const auto res = client.Get(results_path(id));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(polls::test::count_of(res->body, R"(<div class="bar-fill w-0">)") == 2);
  CHECK(polls::test::count_of(res->body, "is-leading") == 0);
  CHECK(contains(res->body, R"(<span class="total-votes">0 votes</span>)"));
}

TEST_CASE("results of a question published in the future are 404") {
  TestSite site;
  const auto id = site.create_question("Future question.", days{1});
  site.create_choice(id, "Yes", 3);
  auto client = site.client();
  const auto res = client.Get(results_path(id));
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK_FALSE(contains(res->body, "Future question."));
}

TEST_CASE("results of a question that does not exist are 404") {
  TestSite site;
  auto client = site.client();
  const auto res = client.Get("/polls/7/results/");
  REQUIRE(res);
  CHECK(res->status == 404);
}
