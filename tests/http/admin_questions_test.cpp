// The question admin: the change list (search, date filter, sorting, pages, count), the add and
// change forms with inline choices (validation that keeps what was typed, the three buttons, one
// transaction, the admin log), and deletion with its confirmation page.
#include <doctest/doctest.h>

#include "http/admin_client.hpp"

using polls::test::AdminClient;
using polls::test::Fields;
using polls::test::TestSite;
using std::chrono::days;
using std::chrono::hours;

namespace {

bool says(const httplib::Result& res, std::string_view text) {
  return res && polls::test::html_unescape(res->body).find(text) != std::string::npos;
}

struct Admin {
  TestSite site;
  AdminClient browser{site};
  explicit Admin(polls::test::SiteOptions options = {}) : site(std::move(options)) {
    polls::test::tune_for_tests(site);
    polls::test::create_user(site);
    REQUIRE(browser.login()->status == 302);
  }
};

Fields question_fields(std::string text, std::string date, std::string time,
                       const std::vector<std::pair<std::string, std::string>>& choices,
                       std::string button = "_save") {
  Fields fields{{"question_text", std::move(text)},
                {"pub_date_0", std::move(date)},
                {"pub_date_1", std::move(time)},
                {"choice_set-TOTAL_FORMS", std::to_string(choices.size())},
                {"choice_set-INITIAL_FORMS", "0"},
                {"voters", "anyone"},  // the Voting fieldset's selects, as a browser sends them
                {"results", "always"}};
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const std::string prefix = "choice_set-" + std::to_string(i) + "-";
    fields.emplace_back(prefix + "choice_text", choices[i].first);
    fields.emplace_back(prefix + "votes", choices[i].second);
  }
  fields.emplace_back(std::move(button), "");
  return fields;
}

struct Row {
  std::string text;
  std::int64_t votes;
};

std::vector<Row> choices_of(TestSite& site, std::int64_t question) {
  constexpr std::string_view kSelect =
      "SELECT choice_text, votes FROM polls_choice WHERE question_id = $1 ORDER BY id";
  auto session = site.database().read();
  const auto rows = session->query(kSelect, {question});
  std::vector<Row> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.push_back({rows.text(i, 0), rows.integer(i, 1)});
  return out;
}

std::int64_t count(TestSite& site, std::string_view sql) {
  auto session = site.database().read();
  return session->query(sql).integer(0, 0);
}

std::vector<std::string> log_messages(TestSite& site) {
  constexpr std::string_view kSelect =
      "SELECT action_flag, object_repr, change_message FROM django_admin_log ORDER BY id";
  auto session = site.database().read();
  const auto rows = session->query(kSelect);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.push_back(rows.text(i, 0) + "|" + rows.text(i, 1) + "|" + rows.text(i, 2));
  }
  return out;
}

std::int64_t last_question(TestSite& site) {
  return count(site, "SELECT max(id) FROM polls_question");
}

}  // namespace

TEST_CASE("adding a question with three choices saves them, logs it and lists it") {
  Admin admin;
  REQUIRE(admin.browser.get("/admin/polls/question/add/")->status == 200);
  const auto res = admin.browser.post(
      "/admin/polls/question/add/",
      question_fields("What's new?", "2026-07-14", "09:00",
                      {{"Not much", "0"}, {"The sky", "3"}, {"Just hacking", "0"}}));
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(res->get_header_value("Location") == "/admin/polls/question/");
  const std::int64_t id = last_question(admin.site);
  const auto rows = choices_of(admin.site, id);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].text == "The sky");
  CHECK(rows[1].votes == 3);
  CHECK(log_messages(admin.site) ==
        std::vector<std::string>{
            "1|What's new?|[{\"added\": {}}, {\"added\": {\"name\": \"choice\", \"object\": "
            "\"Not much\"}}, {\"added\": {\"name\": \"choice\", \"object\": \"The sky\"}}, "
            "{\"added\": {\"name\": \"choice\", \"object\": \"Just hacking\"}}]"});
  const auto list = admin.browser.get("/admin/polls/question/");
  CHECK(says(list, "The question “What's new?” was added successfully."));
  CHECK(says(list, "What's new?"));
  CHECK(says(list, "1 question"));
  // The message is shown once.
  CHECK(!says(admin.browser.get("/admin/polls/question/"), "was added successfully"));
  // And the public pages see it.
  auto client = admin.site.client();
  CHECK(says(client.Get("/polls/" + std::to_string(id) + "/"), "Just hacking"));
}

TEST_CASE("Save and add another, Save and continue editing go where they say") {
  Admin admin;
  const auto another =
      admin.browser.post("/admin/polls/question/add/",
                         question_fields("First?", "2026-07-14", "09:00:00", {}, "_addanother"));
  CHECK(another->get_header_value("Location") == "/admin/polls/question/add/");
  CHECK(
      says(admin.browser.get("/admin/polls/question/add/"), "You may add another question below."));
  const auto again =
      admin.browser.post("/admin/polls/question/add/",
                         question_fields("Second?", "2026-07-14", "09:00:00", {}, "_continue"));
  const std::int64_t id = last_question(admin.site);
  CHECK(again->get_header_value("Location") ==
        "/admin/polls/question/" + std::to_string(id) + "/change/");
  const auto change = admin.browser.get(again->get_header_value("Location"));
  CHECK(says(change, "You may edit it again below."));
  CHECK(polls::test::input_value(change->body, "question_text") == "Second?");
  CHECK(polls::test::input_value(change->body, "pub_date_1") == "09:00:00");
  // Three empty rows are offered for choices.
  CHECK(polls::test::input_value(change->body, "choice_set-TOTAL_FORMS") == "3");
}

TEST_CASE("invalid input is shown next to its field and nothing typed is lost or saved") {
  Admin admin;
  const std::string long_text(201, 'x');
  const auto res =
      admin.browser.post("/admin/polls/question/add/",
                         question_fields(long_text, "2026-02-30", "25:00",
                                         {{"Kept choice", "many"}, {"", "4"}, {"Fine", "1"}}));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(says(res, "Please correct the errors below."));
  CHECK(says(res, "Ensure this value has at most 200 characters (it has 201)."));
  CHECK(says(res, "Enter a valid date."));
  CHECK(says(res, "Enter a valid time."));
  CHECK(says(res, "Enter a whole number."));
  CHECK(says(res, "This field is required."));  // the row with votes but no text
  CHECK(polls::test::input_value(res->body, "question_text") == long_text);
  CHECK(polls::test::input_value(res->body, "pub_date_0") == "2026-02-30");
  CHECK(polls::test::input_value(res->body, "choice_set-0-choice_text") == "Kept choice");
  CHECK(polls::test::input_value(res->body, "choice_set-0-votes") == "many");
  CHECK(polls::test::input_value(res->body, "choice_set-2-choice_text") == "Fine");
  CHECK(res->body.find("aria-invalid=\"true\"") != std::string::npos);
  CHECK(count(admin.site, "SELECT count(*) FROM polls_question") == 0);
  CHECK(count(admin.site, "SELECT count(*) FROM polls_choice") == 0);

  const auto empty =
      admin.browser.post("/admin/polls/question/add/", question_fields("  ", "", "", {}));
  CHECK(polls::test::count_of(empty->body, "This field is required.") == 3);
  CHECK(says(empty, "Please correct the errors below."));
  const auto nul = admin.browser.post("/admin/polls/question/add/",
                                      question_fields(std::string("Q\0?", 3), "2026-07-14", "10:00",
                                                      {{std::string("A\0", 2), "0"}}));
  CHECK(nul->status == 200);
  CHECK(polls::test::count_of(nul->body, "Null characters are not allowed.") == 2);
  const auto negative = admin.browser.post(
      "/admin/polls/question/add/", question_fields("Q?", "2026-07-14", "10:00", {{"A", "-1"}}));
  CHECK(says(negative, "Ensure this value is greater than or equal to 0."));
  CHECK(says(negative, "Please correct the error below."));
  const auto missing_rows = admin.browser.post(
      "/admin/polls/question/add/",
      {{"question_text", "Q?"}, {"pub_date_0", "2026-07-14"}, {"pub_date_1", "10:00"}});
  CHECK(says(missing_rows, "The choices could not be read"));
  CHECK(count(admin.site, "SELECT count(*) FROM polls_question") == 0);
}

TEST_CASE("changing a question edits, deletes and adds choices in one save, logged in detail") {
  Admin admin;
  const auto id = admin.site.create_question("Old text?", hours{-2});
  const auto keep = admin.site.create_choice(id, "Keep", 5);
  const auto edit = admin.site.create_choice(id, "Edit me", 1);
  const auto drop = admin.site.create_choice(id, "Drop me", 2);
  const std::string path = "/admin/polls/question/" + std::to_string(id) + "/change/";
  REQUIRE(admin.browser.get(path)->status == 200);
  const Fields fields{{"question_text", "New text?"},
                      {"pub_date_0", "2026-07-14"},
                      {"pub_date_1", "08:31:00"},
                      {"choice_set-TOTAL_FORMS", "5"},
                      {"choice_set-INITIAL_FORMS", "3"},
                      {"choice_set-0-id", std::to_string(keep)},
                      {"choice_set-0-choice_text", "Keep"},
                      {"choice_set-0-votes", "5"},
                      {"choice_set-1-id", std::to_string(edit)},
                      {"choice_set-1-choice_text", "Edited"},
                      {"choice_set-1-votes", "7"},
                      {"choice_set-2-id", std::to_string(drop)},
                      {"choice_set-2-choice_text", "Drop me"},
                      {"choice_set-2-votes", "2"},
                      {"choice_set-2-DELETE", "on"},
                      {"choice_set-3-choice_text", "Added"},
                      {"choice_set-3-votes", "0"},
                      {"choice_set-4-choice_text", ""},
                      {"choice_set-4-votes", "0"},
                      {"voters", "anyone"},
                      {"results", "always"},
                      {"_save", ""}};
  const auto res = admin.browser.post(path, fields);
  REQUIRE(res);
  CHECK(res->status == 302);
  const auto rows = choices_of(admin.site, id);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].text == "Keep");
  CHECK(rows[1].text == "Edited");
  CHECK(rows[1].votes == 7);
  CHECK(rows[2].text == "Added");
  const auto log = log_messages(admin.site);
  REQUIRE(log.size() == 1);
  CHECK(log[0] ==
        "2|New text?|[{\"changed\": {\"fields\": [\"Question text\", \"Date published\"]}}, "
        "{\"added\": {\"name\": \"choice\", \"object\": \"Added\"}}, "
        "{\"changed\": {\"name\": \"choice\", \"object\": \"Edited\", \"fields\": "
        "[\"Choice text\", \"Votes\"]}}, "
        "{\"deleted\": {\"name\": \"choice\", \"object\": \"Drop me\"}}]");
  CHECK(says(admin.browser.get("/admin/polls/question/"),
             "The question “New text?” was changed successfully."));
  // Recent actions on the home page name it, linked.
  const auto home = admin.browser.get("/admin/");
  CHECK(says(home, "Changed: <a href=\"" + path + "\">New text?</a>"));
}

TEST_CASE("a choice id that is not the question's is refused and nothing is saved") {
  Admin admin;
  const auto id = admin.site.create_question("Mine?", hours{-2});
  const auto other = admin.site.create_question("Other?", hours{-2});
  const auto foreign = admin.site.create_choice(other, "Not yours", 9);
  const auto res = admin.browser.post("/admin/polls/question/" + std::to_string(id) + "/change/",
                                      {{"question_text", "Changed?"},
                                       {"pub_date_0", "2026-07-14"},
                                       {"pub_date_1", "10:00"},
                                       {"choice_set-TOTAL_FORMS", "1"},
                                       {"choice_set-INITIAL_FORMS", "1"},
                                       {"choice_set-0-id", std::to_string(foreign)},
                                       {"choice_set-0-choice_text", "Hijacked"},
                                       {"choice_set-0-votes", "0"},
                                       {"voters", "anyone"},
                                       {"results", "always"},
                                       {"_save", ""}});
  CHECK(res->status == 200);
  CHECK(says(res, "no longer exists"));
  CHECK(choices_of(admin.site, other)[0].text == "Not yours");
  CHECK(count(admin.site, "SELECT count(*) FROM polls_question WHERE question_text = 'Mine?'") ==
        1);
  CHECK(count(admin.site, "SELECT count(*) FROM django_admin_log") == 0);
}

TEST_CASE("the delete page names the question and its choices, and confirming deletes both") {
  Admin admin;
  const auto id = admin.site.create_question("Doomed?", hours{-2});
  admin.site.create_choice(id, "One");
  admin.site.create_choice(id, "Two");
  const auto keep = admin.site.create_question("Kept?", hours{-2});
  admin.site.create_choice(keep, "Stays");
  const std::string path = "/admin/polls/question/" + std::to_string(id) + "/delete/";
  const auto page = admin.browser.get(path);
  CHECK(says(page, "Are you sure you want to delete the question “Doomed?”?"));
  CHECK(says(page, "2 choices"));
  CHECK(count(admin.site, "SELECT count(*) FROM polls_question") == 2);  // a GET deletes nothing
  const auto res = admin.browser.post(path, {});
  CHECK(res->status == 302);
  CHECK(res->get_header_value("Location") == "/admin/polls/question/");
  CHECK(count(admin.site, "SELECT count(*) FROM polls_question") == 1);
  CHECK(count(admin.site, "SELECT count(*) FROM polls_choice") == 1);
  CHECK(log_messages(admin.site) == std::vector<std::string>{"3|Doomed?|"});
  CHECK(says(admin.browser.get("/admin/polls/question/"),
             "The question “Doomed?” was deleted successfully."));
  // Gone: its pages send the user home with Django's message.
  const auto gone = admin.browser.get("/admin/polls/question/" + std::to_string(id) + "/change/");
  CHECK(gone->status == 302);
  CHECK(says(admin.browser.get("/admin/"), "Question with ID “" + std::to_string(id) +
                                               "” doesn’t exist. Perhaps it was deleted?"));
}

TEST_CASE("the list searches, filters by date, sorts by each column and counts") {
  Admin admin;
  admin.site.create_question("Alpha question?", hours{-1});   // today (10:30 UTC now)
  admin.site.create_question("Beta QUESTION?", days{-3});     // past 7 days
  admin.site.create_question("Gamma 100%_sure?", days{-20});  // this year (June)
  admin.site.create_question("Delta?", days{-400});           // last year
  const auto list = [&](const std::string& query) {
    return polls::test::html_unescape(admin.browser.get("/admin/polls/question/" + query)->body);
  };
  const auto order_in = [](const std::string& body, std::vector<std::string> texts) {
    std::size_t at = 0;
    for (const auto& text : texts) {
      const std::size_t found = body.find(">" + text + "</a>", at);
      if (found == std::string::npos) return false;
      at = found;
    }
    return true;
  };
  std::string body = list("");
  CHECK(body.find("4 questions") != std::string::npos);
  // Default order: newest first by id.
  CHECK(order_in(body, {"Delta?", "Gamma 100%_sure?", "Beta QUESTION?", "Alpha question?"}));
  body = list("?q=question");
  CHECK(body.find("2 results (4 total)") != std::string::npos);
  CHECK(body.find("Delta?") == std::string::npos);
  body = list("?q=100%25_");  // LIKE wildcards are literal
  CHECK(body.find("1 result (4 total)") != std::string::npos);
  CHECK(list("?q=0%25_").find("1 result") != std::string::npos);
  CHECK(list("?q=a_").find("0 results (4 total)") != std::string::npos);
  CHECK(list("?pub_date=today").find("1 result (4 total)") != std::string::npos);
  CHECK(list("?pub_date=past_7_days").find("2 results (4 total)") != std::string::npos);
  CHECK(list("?pub_date=this_month").find("2 results") != std::string::npos);
  CHECK(list("?pub_date=this_year").find("3 results") != std::string::npos);
  CHECK(list("?pub_date=bogus").find("4 questions") != std::string::npos);
  CHECK(list("?q=%20Alpha%20").find("1 result (4 total)") != std::string::npos);  // stripped
  CHECK(admin.browser.get("/admin/polls/question/?q=%00")->status == 400);
  CHECK(
      order_in(list("?o=1"), {"Alpha question?", "Beta QUESTION?", "Delta?", "Gamma 100%_sure?"}));
  CHECK(
      order_in(list("?o=-2"), {"Alpha question?", "Beta QUESTION?", "Gamma 100%_sure?", "Delta?"}));
  CHECK(
      order_in(list("?o=3"), {"Delta?", "Gamma 100%_sure?", "Beta QUESTION?", "Alpha question?"}));
  // Sorted columns say so to screen readers, and links keep the search.
  body = list("?q=question&o=2");
  CHECK(body.find("aria-sort=\"ascending\"") != std::string::npos);
  // (list() decodes &amp; as a browser does.)
  CHECK(body.find("href=\"/admin/polls/question/?q=question&o=-2\"") != std::string::npos);
  // "Published recently?" is a yes/no icon with a text alternative.
  CHECK(list("?o=-2").find("alt=\"Yes\"") != std::string::npos);
  CHECK(list("?o=-2").find("alt=\"No\"") != std::string::npos);
}

TEST_CASE("the list shows 100 questions a page with links between pages") {
  Admin admin;
  for (int i = 0; i < 205; ++i) {
    admin.site.create_question("Question " + std::to_string(i) + "?", hours{-1});
  }
  const auto first = admin.browser.get("/admin/polls/question/");
  CHECK(polls::test::count_of(first->body, "<th scope=\"row\">") == 100);
  CHECK(says(first, "Page 1 of 3"));
  CHECK(says(first, "205 questions"));
  const auto third = admin.browser.get("/admin/polls/question/?p=3");
  CHECK(polls::test::count_of(third->body, "<th scope=\"row\">") == 5);
  CHECK(says(third, "Question 0?"));
  CHECK(admin.browser.get("/admin/polls/question/?p=4")->status == 404);
  CHECK(admin.browser.get("/admin/polls/question/?p=zero")->status == 404);
}

TEST_CASE("publication dates are entered and shown in the site's time zone") {
  polls::test::SiteOptions options;
  options.time_zone = "Europe/Paris";
  Admin admin(options);
  const auto res =
      admin.browser.post("/admin/polls/question/add/",
                         question_fields("Local?", "2026-07-14", "12:30:00", {}, "_continue"));
  REQUIRE(res->status == 302);
  // 12:30 in Paris in July (CEST, UTC+2) is 10:30 UTC.
  constexpr std::string_view kDate = "SELECT pub_date FROM polls_question";
  auto session = admin.site.database().read();
  CHECK(session->query(kDate).timestamp(0, 0) ==
        std::chrono::sys_days{std::chrono::year{2026} / 7 / 14} + hours{10} +
            std::chrono::minutes{30});
  const auto change = admin.browser.get(res->get_header_value("Location"));
  CHECK(polls::test::input_value(change->body, "pub_date_1") == "12:30:00");
}
