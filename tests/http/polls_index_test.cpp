// GET /polls/: the Django tutorial's part 5 QuestionIndexViewTests, ported, plus the limit of
// five questions, the boundary at "now" and HTML escaping of question text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "http/support.hpp"

using polls::test::TestSite;
using std::chrono::days;
using std::chrono::microseconds;

namespace {

// The question texts of the index's list, in page order, as the HTML has them.
std::vector<std::string> listed_questions(const std::string& body) {
  std::vector<std::string> texts;
  constexpr std::string_view kItem = R"(<li><a href="/polls/)";
  for (std::size_t pos = body.find(kItem); pos != std::string::npos; pos = body.find(kItem, pos)) {
    const std::size_t text = body.find("\">", pos) + 2;
    const std::size_t end = body.find("</a></li>", text);
    texts.push_back(body.substr(text, end - text));
    pos = end;
  }
  return texts;
}

std::string index_page(TestSite& site) {
  auto client = site.client();
  const auto res = client.Get("/polls/");
  REQUIRE(res);
  CHECK(res->status == 200);
  return res->body;
}

}  // namespace

TEST_CASE("index with no questions says that no polls are available") {
  TestSite site;
  const std::string body = index_page(site);
  CHECK(body.find("No polls are available.") != std::string::npos);
  CHECK(listed_questions(body).empty());
}

TEST_CASE("index shows a question published in the past") {
  TestSite site;
  const auto id = site.create_question("Past question.", days{-30});
  const std::string body = index_page(site);
  CHECK(listed_questions(body) == std::vector<std::string>{"Past question."});
  CHECK(body.find("<a href=\"/polls/" + std::to_string(id) + "/\">Past question.</a>") !=
        std::string::npos);
  CHECK(body.find("No polls are available.") == std::string::npos);
}

TEST_CASE("index hides questions published in the future") {
  TestSite site;
  site.create_question("Future question.", days{30});
  const std::string body = index_page(site);
  CHECK(body.find("No polls are available.") != std::string::npos);
  CHECK(listed_questions(body).empty());
  CHECK(body.find("Future question.") == std::string::npos);
}

TEST_CASE("index with a future and a past question shows only the past one") {
  TestSite site;
  site.create_question("Past question.", days{-30});
  site.create_question("Future question.", days{30});
  CHECK(listed_questions(index_page(site)) == std::vector<std::string>{"Past question."});
}

TEST_CASE("index shows two past questions, newest first") {
  TestSite site;
  site.create_question("Past question 1.", days{-30});
  site.create_question("Past question 2.", days{-5});
  CHECK(listed_questions(index_page(site)) ==
        std::vector<std::string>{"Past question 2.", "Past question 1."});
}

TEST_CASE("index shows at most the five newest questions") {
  TestSite site;
  for (int i = 1; i <= 7; ++i) {
    site.create_question("Question " + std::to_string(i) + ".", days{-10 + i});
  }
  CHECK(listed_questions(index_page(site)) == std::vector<std::string>{"Question 7.", "Question 6.",
                                                                       "Question 5.", "Question 4.",
                                                                       "Question 3."});
}

TEST_CASE("index shows a question published exactly now but not one a microsecond later") {
  TestSite site;
  site.create_question("Now.", microseconds{0});
  site.create_question("Just after.", microseconds{1});
  CHECK(listed_questions(index_page(site)) == std::vector<std::string>{"Now."});
}

TEST_CASE("index escapes the HTML in question text") {
  TestSite site;
  site.create_question("<script>alert('x')</script> & \"friends\"", days{-1});
  const std::string body = index_page(site);
  CHECK(body.find("<script>") == std::string::npos);
  CHECK(body.find("&lt;script&gt;") != std::string::npos);
  const auto listed = listed_questions(body);
  REQUIRE(listed.size() == 1);
  CHECK(polls::test::html_unescape(listed[0]) == "<script>alert('x')</script> & \"friends\"");
}
