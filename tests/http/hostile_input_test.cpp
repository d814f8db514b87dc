// Hostile text, one table: every page that shows text it was given (question and choice text on
// the public pages and in the admin, the admin's search term, the login form's username and next,
// the CSRF failure page's Origin and Referer) is fetched once with a harmless text and once with
// each hostile one, in element, attribute, script and URL contexts. Escaping must leave the
// page's markup exactly as it was (the same count of every markup character), the text must still
// reach the reader, every link must stay on this site, and no script may appear. The JSON API
// escapes for JSON, not HTML: its hostile text is checked in api_test.cpp (a strict parse, and
// the text back unchanged).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "http/admin_client.hpp"
#include "http/form.hpp"

using polls::test::AdminClient;
using polls::test::Fields;
using polls::test::SiteOptions;
using polls::test::TestSite;

namespace {

struct Page {
  std::string name;
  int status = 0;
  std::string body;
  std::string shown;  // the text the page must show
};

Page page(std::string name, const httplib::Result& res, std::string shown) {
  REQUIRE_MESSAGE(res, name);
  return {std::move(name), res->status, res->body, std::move(shown)};
}

// cpp-httplib before 0.44 percent-decodes request header values (but Referer's and Location's):
// the page shows what polls got.
std::string as_received_in_a_header(const std::string& value) {
  return polls::http::percent_decode(value, false).value_or(value);
}

// A URL holds no spaces: Referer checks call one with spaces malformed and do not show it.
std::string without_spaces(std::string text) {
  std::replace(text.begin(), text.end(), ' ', '+');
  return text;
}

std::int64_t only_question(TestSite& site) {
  constexpr std::string_view kSelect = "SELECT id FROM polls_question";
  auto session = site.database().read();
  const auto rows = session->query(kSelect);
  REQUIRE(rows.size() == 1);
  return rows.integer(0, 0);
}

// Every page that shows `text`, on a new site: the question and its choices are added through
// the admin form, so they travel the whole way a user's text does.
std::vector<Page> pages_showing(const std::string& text) {
  SiteOptions options;
  options.trust_x_forwarded_proto = true;
  TestSite site(options);
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  AdminClient admin(site);
  REQUIRE(admin.login()->status == 302);
  std::vector<Page> pages;

  const Fields question{{"question_text", "Q " + text},
                        {"pub_date_0", "2026-07-13"},
                        {"pub_date_1", "10:00:00"},
                        {"choice_set-TOTAL_FORMS", "2"},
                        {"choice_set-INITIAL_FORMS", "0"},
                        {"choice_set-0-choice_text", text + " A"},
                        {"choice_set-0-votes", "1"},
                        {"choice_set-1-choice_text", "B " + text},
                        {"choice_set-1-votes", "2"},
                        {"voters", "anyone"},
                        {"results", "always"},
                        {"_save", ""}};
  REQUIRE(admin.post("/admin/polls/question/add/", question)->status == 302);
  pages.push_back(
      page("admin list with the saved message", admin.get("/admin/polls/question/"), text));
  const std::int64_t id = only_question(site);
  const std::string admin_question = "/admin/polls/question/" + std::to_string(id);
  const std::string public_question = "/polls/" + std::to_string(id);

  auto client = site.client();
  pages.push_back(page("index", client.Get("/polls/"), text));
  pages.push_back(page("detail", client.Get(public_question + "/"), text));
  pages.push_back(page("results", client.Get(public_question + "/results/"), text));
  const auto csrf = site.csrf(id);
  pages.push_back(page("detail after a vote without a choice",
                       client.Post(public_question + "/vote/", polls::test::cookie_headers(csrf),
                                   polls::test::form_body({{"csrfmiddlewaretoken", csrf.token}}),
                                   "application/x-www-form-urlencoded"),
                       text));
  pages.push_back(page(
      "CSRF failure naming the Origin",
      client.Post(public_question + "/vote/",
                  polls::test::cookie_headers(csrf, {{"Origin", "http://evil.example/" + text}}),
                  polls::test::form_body({{"csrfmiddlewaretoken", csrf.token}, {"choice", "1"}}),
                  "application/x-www-form-urlencoded"),
      as_received_in_a_header("http://evil.example/" + text)));
  const std::string referer = "https://evil.example/" + without_spaces(text);
  pages.push_back(page(
      "CSRF failure naming the Referer (HTTPS)",
      client.Post(
          public_question + "/vote/",
          polls::test::cookie_headers(csrf, {{"X-Forwarded-Proto", "https"}, {"Referer", referer}}),
          polls::test::form_body({{"csrfmiddlewaretoken", csrf.token}, {"choice", "1"}}),
          "application/x-www-form-urlencoded"),
      referer));

  pages.push_back(page("admin home's recent actions", admin.get("/admin/"), text));
  const std::string search = "/admin/polls/question/?q=" + polls::http::percent_encode(text, true);
  pages.push_back(page("admin list searched", admin.get(search), text));
  pages.push_back(page("admin list searched, sorted", admin.get(search + "&o=-1"), text));
  pages.push_back(page("admin change form", admin.get(admin_question + "/change/"), text));
  pages.push_back(page("admin delete page", admin.get(admin_question + "/delete/"), text));
  Fields invalid = question;
  invalid[1].second = "not a date";
  pages.push_back(page("admin add form with errors, as typed",
                       admin.post("/admin/polls/question/add/", invalid), text));
  pages.push_back(page("admin change form with errors, as typed",
                       admin.post(admin_question + "/change/", invalid), text));

  AdminClient stranger(site);
  pages.push_back(
      page("login with next",
           stranger.get("/admin/login/?next=" + polls::http::percent_encode(text, true)), text));
  pages.push_back(
      page("login failed for a username", stranger.login(text, "wrong password"), text));
  return pages;
}

std::map<char, std::size_t> markup_characters(const std::string& body) {
  std::map<char, std::size_t> counts;
  for (const char c : std::string_view("<>\"'")) {
    counts[c] = static_cast<std::size_t>(std::count(body.begin(), body.end(), c));
  }
  return counts;
}

// The values of every href, src and action attribute.
std::vector<std::string> link_targets(const std::string& body) {
  std::vector<std::string> out;
  for (const std::string_view attribute : {" href=\"", " src=\"", " action=\""}) {
    for (std::size_t at = body.find(attribute); at != std::string::npos;
         at = body.find(attribute, at + 1)) {
      const std::size_t start = at + attribute.size();
      out.push_back(body.substr(start, body.find('"', start) - start));
    }
  }
  return out;
}

void check_page(const Page& plain, const Page& hostile) {
  INFO("page: ", hostile.name);
  CHECK(hostile.status == plain.status);
  CHECK(hostile.status != 500);
  // Escaping adds entities but never a character of markup: same counts as the harmless page.
  CHECK(markup_characters(hostile.body) == markup_characters(plain.body));
  CHECK(polls::test::count_of(hostile.body, "<script") ==
        polls::test::count_of(plain.body, "<script"));
  // The text reaches the reader (it is in the page as text, not lost or mangled).
  CHECK(polls::test::html_unescape(hostile.body).find(hostile.shown) != std::string::npos);
  // Every link stays on this site, whatever text went into it: a path, or (the question's share
  // link) this site's own origin and a path.
  for (std::string target : link_targets(hostile.body)) {
    INFO("link: ", target);
    constexpr std::string_view kOrigin = "http://127.0.0.1:";
    if (target.starts_with(kOrigin)) {
      const std::size_t path = target.find('/', kOrigin.size());
      REQUIRE(path != std::string::npos);
      CHECK(target.substr(kOrigin.size(), path - kOrigin.size()).find_first_not_of("0123456789") ==
            std::string::npos);
      target.erase(0, path);
    }
    CHECK((target.starts_with('/') || target.starts_with('?') || target.starts_with('#')));
    CHECK_FALSE(target.starts_with("//"));
  }
}

}  // namespace

TEST_CASE("hostile text on every page that shows it is escaped for its context") {
  const std::string harmless = "plain text for the page";
  const std::vector<Page> plain = pages_showing(harmless);
  for (const auto& page : plain) {
    INFO("page: ", page.name);
    CHECK(polls::test::html_unescape(page.body).find(page.shown) != std::string::npos);
  }
  const std::vector<std::string> hostile{
      // element content, and the end of <title>, <textarea> or <script>
      "</title></textarea></script><script>alert(1)</script>",
      // double- and single-quoted attribute values, and unquoted ones
      "\"><img src=x onerror=alert(1)>",
      "' autofocus onfocus='alert(1)' x='",
      "x onmouseover=alert(1) `y`",
      // URL contexts: a scheme that runs script, a protocol-relative host, an entity already
      // escaped once (it must come out as typed, not decoded)
      "javascript:alert(document.cookie)//",
      "//evil.example/%2e%2e?x=1&y=2#z",
      "&lt;b&gt; &amp;amp; &#x27; {{mustache}} {{{raw}}}",
      // text that is not ASCII: a right-to-left override and an emoji
      "\u202Egnp.exe \U0001F600 caf\u00E9",
  };
  for (const std::string& text : hostile) {
    INFO("text: ", text);
    const std::vector<Page> pages = pages_showing(text);
    REQUIRE(pages.size() == plain.size());
    for (std::size_t i = 0; i < pages.size(); ++i) check_page(plain[i], pages[i]);
  }
}
