// The admin side of a poll's rules: the question form's Voting fieldset (saved with the question,
// logged, seen by the public pages), "Close poll now" (CSRF, the change permission, the vote
// refused after it), the Status column, and the results as CSV with hostile choice names.
#include <doctest/doctest.h>

#include <atomic>

#include "http/admin_client.hpp"
#include "polls/repository.hpp"

using polls::test::AdminClient;
using polls::test::Fields;
using polls::test::TestSite;
using std::chrono::hours;

namespace {

bool says(const httplib::Result& res, std::string_view text) {
  return res && polls::test::html_unescape(res->body).find(text) != std::string::npos;
}

// A clock the test moves: kNow plus some minutes.
struct Clock {
  std::shared_ptr<std::atomic<int>> minutes = std::make_shared<std::atomic<int>>(0);
  polls::test::SiteOptions options() const {
    polls::test::SiteOptions options;
    options.now = [minutes = minutes] {
      return polls::test::kNow + std::chrono::minutes{minutes->load()};
    };
    return options;
  }
};

struct Admin {
  TestSite site;
  AdminClient browser{site};
  explicit Admin(polls::test::SiteOptions options = {}) : site(std::move(options)) {
    polls::test::tune_for_tests(site);
    polls::test::create_user(site);
    REQUIRE(browser.login()->status == 302);
  }
};

std::string question_path(std::int64_t id, std::string_view rest) {
  return "/admin/polls/question/" + std::to_string(id) + "/" + std::string(rest);
}

// The change form as a browser sends it, with the given rules, for a question created a day
// before kNow (its date as the form shows it, so that only the rules change), its choices left
// as they are.
Fields change_fields(std::string text, Fields rules) {
  Fields fields{{"question_text", std::move(text)},
                {"pub_date_0", "2026-07-13"},
                {"pub_date_1", "10:30:45"},
                {"choice_set-TOTAL_FORMS", "0"},
                {"choice_set-INITIAL_FORMS", "0"}};
  for (auto& field : rules) fields.push_back(std::move(field));
  fields.emplace_back("_continue", "");
  return fields;
}

polls::polls_app::QuestionRules rules_of(TestSite& site, std::int64_t id) {
  auto session = site.database().read();
  const auto found = polls::polls_app::load_question(*session, id);
  REQUIRE(found);
  return found->rules;
}

std::int64_t rules_rows(TestSite& site) {
  auto session = site.database().read();
  return session->query("SELECT count(*) FROM polls_question_rules").integer(0, 0);
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

httplib::Result vote(TestSite& site, std::int64_t question, const polls::test::CsrfPair& csrf,
                     std::int64_t choice) {
  auto client = site.client();
  return client.Post("/polls/" + std::to_string(question) + "/vote/",
                     polls::test::cookie_headers(csrf),
                     polls::test::form_body(
                         {{"csrfmiddlewaretoken", csrf.token}, {"choice", std::to_string(choice)}}),
                     "application/x-www-form-urlencoded");
}

}  // namespace

TEST_CASE(
    "voting rules saved in the admin are logged, shown again and obeyed by the public pages") {
  Admin admin;
  const auto id = admin.site.create_question("Rules?", hours{-24});
  admin.site.create_choice(id, "Yes");
  const auto page = admin.browser.get(question_path(id, "change/"));
  REQUIRE(page->status == 200);
  // A question without a rules row shows the defaults.
  CHECK(page->body.find(R"(<option value="anyone" selected>)") != std::string::npos);
  CHECK(page->body.find(R"(<option value="always" selected>)") != std::string::npos);
  CHECK(says(page, "Status: <strong>Open</strong>"));
  const auto saved = admin.browser.post(question_path(id, "change/"),
                                        change_fields("Rules?", {{"voters", "browser"},
                                                                 {"allow_change", "on"},
                                                                 {"closes_at_0", "2026-07-20"},
                                                                 {"closes_at_1", "18:00"},
                                                                 {"results", "voted"}}));
  REQUIRE(saved);
  CHECK(saved->status == 302);
  const auto rules = rules_of(admin.site, id);
  CHECK(rules.voters == polls::polls_app::Voters::OncePerBrowser);
  CHECK(rules.allow_change);
  REQUIRE(rules.closes_at);
  CHECK(*rules.closes_at == std::chrono::sys_days{std::chrono::year{2026} / 7 / 20} + hours{18});
  CHECK(rules.results == polls::polls_app::ResultsShown::AfterVote);
  // Only the rules changed (the pub_date typed is the stored one).
  const auto log = log_messages(admin.site);
  REQUIRE(log.size() == 1);
  CHECK(log[0] ==
        R"(2|Rules?|[{"changed": {"fields": ["Who may vote", "Voters may change their vote", )"
        R"("Closes", "Results shown"]}}])");

  const auto again = admin.browser.get(saved->get_header_value("Location"));
  CHECK(again->body.find(R"(<option value="browser" selected>)") != std::string::npos);
  CHECK(again->body.find(R"(<option value="voted" selected>)") != std::string::npos);
  CHECK(again->body.find(
            R"(id="id_allow_change" aria-describedby="id_allow_change_helptext" checked)") !=
        std::string::npos);
  CHECK(polls::test::input_value(again->body, "closes_at_0") == "2026-07-20");
  CHECK(polls::test::input_value(again->body, "closes_at_1") == "18:00:00");
  CHECK(says(again, "Status: <strong>Closes on</strong>"));
  CHECK(says(again, "Close poll now"));
  // Saved again untouched: nothing changes, nothing is logged as changed.
  admin.browser.post(question_path(id, "change/"),
                     change_fields("Rules?", {{"voters", "browser"},
                                              {"allow_change", "on"},
                                              {"closes_at_0", "2026-07-20"},
                                              {"closes_at_1", "18:00:00"},
                                              {"results", "voted"}}));
  CHECK(log_messages(admin.site).back() == "2|Rules?|[]");

  auto client = admin.site.client();
  const std::string public_path = "/polls/" + std::to_string(id) + "/";
  CHECK(says(client.Get(public_path), "Voting closes on"));
  CHECK(says(client.Get(public_path + "results/"), "The results are shown after you vote."));
}

TEST_CASE("a new question keeps no rules row unless its rules differ from the defaults") {
  Admin admin;
  const auto add = [&](std::string text, Fields rules) {
    Fields fields{{"question_text", std::move(text)},
                  {"pub_date_0", "2026-07-13"},
                  {"pub_date_1", "10:00"},
                  {"choice_set-TOTAL_FORMS", "0"},
                  {"choice_set-INITIAL_FORMS", "0"}};
    for (auto& field : rules) fields.push_back(std::move(field));
    fields.emplace_back("_save", "");
    return admin.browser.post("/admin/polls/question/add/", fields);
  };
  REQUIRE(admin.browser.get("/admin/polls/question/add/")->status == 200);
  CHECK(add("Plain?", {{"voters", "anyone"}, {"results", "always"}})->status == 302);
  CHECK(rules_rows(admin.site) == 0);
  CHECK(add("Staff only?", {{"voters", "staff"}, {"results", "closed"}})->status == 302);
  CHECK(rules_rows(admin.site) == 1);
  // Added questions log "Added." whatever their rules, as Django does.
  CHECK(log_messages(admin.site).back() == R"(1|Staff only?|[{"added": {}}])");
}

TEST_CASE("invalid voting rules are shown next to their fields and nothing is saved") {
  Admin admin;
  const auto id = admin.site.create_question("Kept?", hours{-24});
  REQUIRE(admin.browser.get(question_path(id, "change/"))->status == 200);
  const auto res = admin.browser.post(
      question_path(id, "change/"),
      change_fields(
          "Kept?", {{"voters", "everyone"}, {"closes_at_0", "2026-07-20"}, {"results", "closed"}}));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(says(res, "Please correct the errors below."));
  CHECK(says(res, "Select a valid choice. everyone is not one of the available choices."));
  CHECK(says(res, "Enter a time as well, or leave both empty: the poll never closes."));
  CHECK(res->body.find(
            R"(aria-describedby="id_voters_helptext id_voters_error" aria-invalid="true")") !=
        std::string::npos);
  // What was typed is kept: the date, the results select.
  CHECK(polls::test::input_value(res->body, "closes_at_0") == "2026-07-20");
  CHECK(res->body.find(R"(<option value="closed" selected>)") != std::string::npos);
  CHECK(rules_rows(admin.site) == 0);
  CHECK(log_messages(admin.site).empty());
}

TEST_CASE("Close poll now closes at once, keeps the other rules, logs it, and votes get 409") {
  const Clock clock;
  Admin admin(clock.options());
  const auto id = admin.site.create_question("Closing?", hours{-24});
  const auto choice = admin.site.create_choice(id, "Yes");
  {
    polls::polls_app::QuestionRules rules;
    rules.results = polls::polls_app::ResultsShown::AfterClose;
    rules.closes_at = polls::test::kNow + hours{48};
    auto session = admin.site.database().write();
    polls::polls_app::save_rules(*session, id, rules);
  }
  const auto csrf = admin.site.csrf(id);  // the voter's form, taken while the poll was open
  REQUIRE(admin.browser.get(question_path(id, "change/"))->status == 200);
  const auto closed = admin.browser.post(question_path(id, "close/"), {});
  REQUIRE(closed);
  CHECK(closed->status == 302);
  CHECK(closed->get_header_value("Location") == question_path(id, "change/"));
  auto rules = rules_of(admin.site, id);
  CHECK(rules.closes_at == polls::test::kNow);
  CHECK(rules.results == polls::polls_app::ResultsShown::AfterClose);
  CHECK(log_messages(admin.site) == std::vector<std::string>{"2|Closing?|Closed the poll."});

  const auto page = admin.browser.get(question_path(id, "change/"));
  CHECK(says(page, "The poll “Closing?” was closed."));
  CHECK(says(page, "Status: <strong>Closed on</strong>"));
  CHECK(!says(page, "Close poll now"));
  CHECK(!says(admin.browser.get(question_path(id, "change/")), "was closed."));  // shown once

  const auto refused = vote(admin.site, id, csrf, choice);
  REQUIRE(refused);
  CHECK(refused->status == 409);
  CHECK(admin.site.votes(choice) == 0);

  // Closing again later keeps the earlier time and logs nothing.
  clock.minutes->store(5);
  CHECK(admin.browser.post(question_path(id, "close/"), {})->status == 302);
  CHECK(rules_of(admin.site, id).closes_at == polls::test::kNow);
  CHECK(log_messages(admin.site).size() == 1);
  CHECK(says(admin.browser.get(question_path(id, "change/")),
             "The poll “Closing?” was already closed."));
  // A question deleted meanwhile: home, with Django's message.
  const auto gone = admin.browser.post(question_path(id + 100, "close/"), {});
  CHECK(gone->get_header_value("Location") == "/admin/");
}

TEST_CASE("the change list's Status column says open, closes on or closed on") {
  Admin admin;
  const auto open = admin.site.create_question("Open one?", hours{-3});
  const auto closing = admin.site.create_question("Closing one?", hours{-2});
  const auto closed = admin.site.create_question("Closed one?", hours{-1});
  {
    auto session = admin.site.database().write();
    polls::polls_app::QuestionRules rules;
    rules.closes_at = polls::test::kNow + hours{1};
    polls::polls_app::save_rules(*session, closing, rules);
    rules.closes_at = polls::test::kNow - hours{1};
    polls::polls_app::save_rules(*session, closed, rules);
  }
  const auto list = admin.browser.get("/admin/polls/question/");
  REQUIRE(list->status == 200);
  CHECK(says(list, R"(<th scope="col">Status</th>)"));
  const std::string body = polls::test::html_unescape(list->body);
  const auto row = [&](std::int64_t id) {
    const std::size_t at = body.find(question_path(id, "change/"));
    REQUIRE(at != std::string::npos);
    return body.substr(at, body.find("</tr>", at) - at);
  };
  CHECK(row(open).find("<td>Open</td>") != std::string::npos);
  CHECK(row(closing).find("<td>Closes on <time datetime=\"2026-07-14T11:30:45+00:00\">") !=
        std::string::npos);
  CHECK(row(closed).find("<td>Closed on <time datetime=\"2026-07-14T09:30:45+00:00\">") !=
        std::string::npos);
}

namespace {

// Django's view permission on questions, given to the user directly (what post_migrate makes).
void grant(TestSite& site, std::int64_t user, std::string_view codename) {
  auto session = site.database().write();
  constexpr std::string_view kContentType =
      "INSERT INTO django_content_type (app_label, model) SELECT 'polls', 'question' "
      "WHERE NOT EXISTS (SELECT 1 FROM django_content_type WHERE model = 'question')";
  constexpr std::string_view kPermission =
      "INSERT INTO auth_permission (name, content_type_id, codename) SELECT $1, id, $1 "
      "FROM django_content_type WHERE model = 'question'";
  constexpr std::string_view kGrant =
      "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
      "SELECT $1, p.id FROM auth_permission p WHERE p.codename = $2";
  session->execute(kContentType);
  session->execute(kPermission, {codename});
  session->execute(kGrant, {user, codename});
}

}  // namespace

TEST_CASE("closing needs the change permission and a CSRF token, the CSV needs view") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  polls::test::UserSpec spec;
  spec.username = "viewer";
  spec.is_superuser = false;
  const auto viewer = polls::test::create_user(site, spec);
  spec.username = "nobody";
  polls::test::create_user(site, spec);
  const auto id = site.create_question("Guarded?", hours{-1});
  site.create_choice(id, "Yes", 2);

  AdminClient nobody(site);
  REQUIRE(nobody.login("nobody")->status == 302);
  CHECK(nobody.get(question_path(id, "results.csv"))->status == 403);

  grant(site, viewer, "view_question");
  AdminClient browser(site);
  REQUIRE(browser.login("viewer")->status == 302);
  // A form of theirs gives the POST a valid CSRF token: the 403 is the permission check.
  REQUIRE(browser.get("/admin/password_change/")->status == 200);
  const auto refused = browser.post(question_path(id, "close/"), {});
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(says(refused, "You do not have permission to do that."));
  CHECK(!rules_of(site, id).closes_at);
  const auto csv = browser.get(question_path(id, "results.csv"));
  CHECK(csv->status == 200);
  CHECK(csv->body.find("Yes,2,100") != std::string::npos);

  // A superuser's POST without the token, or with a forged one, is refused by the CSRF check.
  AdminClient admin(site);
  REQUIRE(admin.login()->status == 302);
  auto client = site.client();
  httplib::Headers headers{{"Origin", "http://" + site.host()},
                           {"Cookie", "sessionid=" + admin.cookies()["sessionid"] +
                                          "; csrftoken=" + admin.cookies()["csrftoken"]}};
  for (const std::string& body : {std::string(), std::string("csrfmiddlewaretoken=forged")}) {
    const auto forged = client.Post(question_path(id, "close/"), headers, body,
                                    "application/x-www-form-urlencoded");
    REQUIRE(forged);
    CHECK(forged->status == 403);
    CHECK(forged->body.find("CSRF verification failed") != std::string::npos);
  }
  CHECK(!rules_of(site, id).closes_at);
  CHECK(log_messages(site).empty());
  // Without a session, to the login page.
  AdminClient stranger(site);
  CHECK(stranger.get(question_path(id, "results.csv"))->status == 302);
}

TEST_CASE("the results CSV is RFC 4180, UTF-8, defused for spreadsheets and never cached") {
  Admin admin;
  const auto id = admin.site.create_question("=HYPERLINK(\"http://evil\")", hours{-1});
  std::vector<std::int64_t> ids;
  for (const auto& [text, votes] : std::vector<std::pair<std::string, int>>{
           {"=cmd", 3}, {"a,b", 1}, {"q\"x", 0}, {"line\nbreak", 0}, {"héllo", 0}, {"-1", 0}}) {
    ids.push_back(admin.site.create_choice(id, text, votes));
  }
  const auto change = admin.browser.get(question_path(id, "change/"));
  CHECK(change->body.find("<a href=\"" + question_path(id, "results.csv") +
                          "\" download>Download results (CSV)</a>") != std::string::npos);
  const auto res = admin.browser.get(question_path(id, "results.csv"));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/csv; charset=utf-8; header=present");
  CHECK(res->get_header_value("Content-Disposition") ==
        "attachment; filename=\"question-" + std::to_string(id) + "-results.csv\"");
  CHECK(res->get_header_value("Cache-Control") == "private, no-store");
  const auto n = [&](std::size_t i) { return std::to_string(ids[i]); };
  CHECK(res->body == "choice id,choice,votes,percent\r\n" + n(0) + ",'=cmd,3,75\r\n" + n(1) +
                         ",\"a,b\",1,25\r\n" + n(2) + ",\"q\"\"x\",0,0\r\n" + n(3) +
                         ",\"line\nbreak\",0,0\r\n" + n(4) + ",héllo,0,0\r\n" + n(5) +
                         ",'-1,0,0\r\n");
  // A question that does not exist: 404.
  CHECK(admin.browser.get(question_path(id + 100, "results.csv"))->status == 404);
}

TEST_CASE("a change form opened before Close poll now, saved after, does not reopen the poll") {
  Admin admin;
  const auto id = admin.site.create_question("Stale?", hours{-24});
  // The form as it was shown: open, never closing (its hidden initial closing time empty).
  const auto shown = admin.browser.get(question_path(id, "change/"));
  REQUIRE(shown->status == 200);
  CHECK(says(shown, R"(<input type="hidden" name="initial-closes_at" value="">)"));
  REQUIRE(admin.browser.post(question_path(id, "close/"), {})->status == 302);
  admin.browser.get(question_path(id, "change/"));
  const auto saved = admin.browser.post(
      question_path(id, "change/"), change_fields("Stale? (renamed)", {{"voters", "browser"},
                                                                       {"results", "always"},
                                                                       {"closes_at_0", ""},
                                                                       {"closes_at_1", ""},
                                                                       {"initial-closes_at", ""}}));
  REQUIRE(saved);
  CHECK(saved->status == 302);
  const auto rules = rules_of(admin.site, id);
  CHECK(rules.closes_at == polls::test::kNow);                      // still closed
  CHECK(rules.voters == polls::polls_app::Voters::OncePerBrowser);  // the user's change kept
  // Clearing the closing time on purpose (the form showed it) reopens it.
  const auto page = admin.browser.get(question_path(id, "change/"));
  CHECK(says(page, R"(name="initial-closes_at" value="2026-07-14 10:30:45")"));
  REQUIRE(
      admin.browser
          .post(question_path(id, "change/"),
                change_fields("Stale? (renamed)", {{"voters", "browser"},
                                                   {"results", "always"},
                                                   {"closes_at_0", ""},
                                                   {"closes_at_1", ""},
                                                   {"initial-closes_at", "2026-07-14 10:30:45"}}))
          ->status == 302);
  CHECK_FALSE(rules_of(admin.site, id).closes_at.has_value());
}
