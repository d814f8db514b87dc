// Access control of the admin: every page but the login page needs the session of an active
// staff user made with the user's current password; otherwise a 302 to the login page with next.
// Staff users who are not superusers get only what their Django permissions allow.
#include <doctest/doctest.h>

#include <atomic>

#include "http/admin_client.hpp"
#include "http/form.hpp"

using polls::test::AdminClient;
using polls::test::TestSite;

namespace {

struct Route {
  std::string method;
  std::string path;
};

// Every admin route but the login page (and /admin/logout/, which anyone may post to).
std::vector<Route> protected_routes() {
  return {{"GET", "/admin/"},
          {"GET", "/admin/polls/"},
          {"GET", "/admin/polls/question/"},
          {"GET", "/admin/polls/question/add/"},
          {"POST", "/admin/polls/question/add/"},
          {"GET", "/admin/polls/question/1/"},
          {"GET", "/admin/polls/question/1/change/"},
          {"POST", "/admin/polls/question/1/change/"},
          {"GET", "/admin/polls/question/1/delete/"},
          {"POST", "/admin/polls/question/1/delete/"},
          {"POST", "/admin/polls/question/1/close/"},
          {"GET", "/admin/polls/question/1/results.csv"},
          {"GET", "/admin/password_change/"},
          {"POST", "/admin/password_change/"},
          {"GET", "/admin/password_change/done/"}};
}

void check_sent_to_login(AdminClient& browser, const Route& route) {
  INFO(route.method, " ", route.path);
  const auto res = route.method == "GET"
                       ? browser.get(route.path + "?x=1")
                       : browser.post(route.path, {{"question_text", "Hijacked?"}});
  REQUIRE(res);
  CHECK(res->status == 302);
  const std::string expected_next = route.method == "GET" ? route.path + "?x=1" : route.path;
  CHECK(res->get_header_value("Location") ==
        "/admin/login/?next=" + polls::http::percent_encode(expected_next, false));
}

void check_all_protected(AdminClient& browser) {
  for (const Route& route : protected_routes()) check_sent_to_login(browser, route);
}

// What Django's post_migrate makes for the question model (its content type and the view
// permission), and that permission given to the user directly.
void grant_view_question(TestSite& site, std::int64_t user) {
  auto session = site.database().write();
  session->execute_script(
      "INSERT INTO django_content_type (app_label, model) VALUES ('polls', 'question');"
      "INSERT INTO auth_permission (name, content_type_id, codename) SELECT 'Can view "
      "question', id, 'view_question' FROM django_content_type WHERE model = 'question';");
  constexpr std::string_view kGrantView =
      "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
      "SELECT u.id, p.id FROM auth_user u, auth_permission p "
      "WHERE u.id = $1 AND p.codename = 'view_question'";
  session->execute(kGrantView, {user});
}

constexpr std::string_view kCountQuestions = "SELECT count(*) FROM polls_question";

std::int64_t questions(TestSite& site) {
  auto session = site.database().read();
  return session->query(kCountQuestions).integer(0, 0);
}

}  // namespace

TEST_CASE("without a session every admin page redirects to the login page with next") {
  TestSite site;
  polls::test::tune_for_tests(site);
  site.create_question("Existing?", std::chrono::hours{-1});
  AdminClient browser(site);
  check_all_protected(browser);
  CHECK(questions(site) == 1);  // the POSTs changed nothing
  const auto login = browser.get("/admin/login/");
  REQUIRE(login);
  CHECK(login->status == 200);
}

TEST_CASE("a forged, unknown or malformed session cookie is no session") {
  TestSite site;
  polls::test::tune_for_tests(site);
  AdminClient browser(site);
  for (const std::string& value : std::vector<std::string>{
           "abcdefghijklmnopqrstuvwxyz012345", "short", "x' OR '1'='1", std::string(300, 'a')}) {
    browser.cookies()["sessionid"] = value;
    const auto res = browser.get("/admin/");
    REQUIRE(res);
    CHECK(res->status == 302);
  }
}

TEST_CASE("a staff session opens every admin page") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  const auto id = site.create_question("Existing?", std::chrono::hours{-1});
  AdminClient browser(site);
  REQUIRE(browser.login()->status == 302);
  for (const std::string& path : std::vector<std::string>{
           "/admin/", "/admin/polls/", "/admin/polls/question/", "/admin/polls/question/add/",
           "/admin/polls/question/" + std::to_string(id) + "/change/",
           "/admin/polls/question/" + std::to_string(id) + "/delete/", "/admin/password_change/",
           "/admin/password_change/done/"}) {
    INFO(path);
    const auto res = browser.get(path);
    REQUIRE(res);
    CHECK(res->status == 200);
    // Private pages: no shared cache may keep them.
    CHECK(res->get_header_value("Cache-Control").find("no-store") != std::string::npos);
  }
}

TEST_CASE("a session ends when the user is deactivated, loses staff status or changes password") {
  TestSite site;
  polls::test::tune_for_tests(site);
  const auto id = polls::test::create_user(site);
  const auto run = [&](std::string_view sql) {
    auto session = site.database().write();
    session->execute(sql, {id});
  };
  constexpr std::string_view kDeactivate = "UPDATE auth_user SET is_active = FALSE WHERE id = $1";
  constexpr std::string_view kActivate = "UPDATE auth_user SET is_active = TRUE WHERE id = $1";
  constexpr std::string_view kUnstaff = "UPDATE auth_user SET is_staff = FALSE WHERE id = $1";
  constexpr std::string_view kStaff = "UPDATE auth_user SET is_staff = TRUE WHERE id = $1";
  // What Django's changepassword does to the row: a new hash.
  constexpr std::string_view kNewPassword =
      "UPDATE auth_user SET password = password || 'x' WHERE id = $1";

  AdminClient browser(site);
  REQUIRE(browser.login()->status == 302);
  REQUIRE(browser.get("/admin/")->status == 200);
  run(kDeactivate);
  CHECK(browser.get("/admin/")->status == 302);
  run(kActivate);
  CHECK(browser.get("/admin/")->status == 200);
  run(kUnstaff);
  CHECK(browser.get("/admin/")->status == 302);
  run(kStaff);
  CHECK(browser.get("/admin/")->status == 200);
  run(kNewPassword);
  CHECK(browser.get("/admin/")->status == 302);
}

TEST_CASE("a session expires after session_age_seconds") {
  std::atomic<std::int64_t> seconds{0};
  polls::test::SiteOptions options;
  options.now = [&seconds] { return polls::test::kNow + std::chrono::seconds{seconds.load()}; };
  TestSite site(options);
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  AdminClient browser(site);
  const auto login = browser.login();
  REQUIRE(login->status == 302);
  CHECK(browser.set_cookie_header("sessionid").find("Max-Age=1209600") != std::string::npos);
  seconds = 1209600 - 1;
  CHECK(browser.get("/admin/")->status == 200);
  seconds = 1209600;
  CHECK(browser.get("/admin/")->status == 302);
}

TEST_CASE("a staff user without permissions sees nothing to manage and is refused the pages") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::UserSpec spec;
  spec.username = "editor";
  spec.is_superuser = false;
  polls::test::create_user(site, spec);
  const auto id = site.create_question("Existing?", std::chrono::hours{-1});
  AdminClient browser(site);
  REQUIRE(browser.login("editor")->status == 302);
  const auto home = browser.get("/admin/");
  REQUIRE(home);
  CHECK(polls::test::html_unescape(home->body)
            .find("You don’t have permission to view or edit anything.") != std::string::npos);
  for (const std::string& path :
       std::vector<std::string>{"/admin/polls/question/", "/admin/polls/question/add/",
                                "/admin/polls/question/" + std::to_string(id) + "/change/",
                                "/admin/polls/question/" + std::to_string(id) + "/delete/"}) {
    INFO(path);
    CHECK(browser.get(path)->status == 403);
  }
  const auto deleted = browser.post("/admin/polls/question/" + std::to_string(id) + "/delete/", {});
  CHECK(deleted->status == 403);
  CHECK(questions(site) == 1);
  // Their own password stays theirs to change.
  CHECK(browser.get("/admin/password_change/")->status == 200);
}

TEST_CASE("Django permissions, direct or through a group, open exactly their pages") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::UserSpec spec;
  spec.username = "viewer";
  spec.is_superuser = false;
  const auto user = polls::test::create_user(site, spec);
  const auto id = site.create_question("Existing?", std::chrono::hours{-1});
  grant_view_question(site, user);
  {
    // A group holding change_question.
    auto session = site.database().write();
    session->execute_script(
        "INSERT INTO auth_permission (name, content_type_id, codename) SELECT 'Can change "
        "question', id, 'change_question' FROM django_content_type WHERE model = 'question';"
        "INSERT INTO auth_group (name) VALUES ('editors');");
  }
  AdminClient browser(site);
  REQUIRE(browser.login("viewer")->status == 302);
  CHECK(browser.get("/admin/polls/question/")->status == 200);
  CHECK(browser.get("/admin/polls/question/add/")->status == 403);
  CHECK(browser.get("/admin/polls/question/" + std::to_string(id) + "/change/")->status == 403);
  {
    auto session = site.database().write();
    constexpr std::string_view kJoinGroup =
        "INSERT INTO auth_user_groups (user_id, group_id) "
        "SELECT u.id, g.id FROM auth_user u, auth_group g WHERE u.id = $1";
    constexpr std::string_view kGroupChange =
        "INSERT INTO auth_group_permissions (group_id, permission_id) SELECT g.id, p.id FROM "
        "auth_group g, auth_permission p WHERE p.codename = 'change_question'";
    session->execute(kJoinGroup, {user});
    session->execute(kGroupChange);
  }
  CHECK(browser.get("/admin/polls/question/" + std::to_string(id) + "/change/")->status == 200);
  CHECK(browser.get("/admin/polls/question/" + std::to_string(id) + "/delete/")->status == 403);
}

namespace {

// Every row the admin's forms could change, as text: equal before and after means nothing moved.
std::string snapshot_of_questions(TestSite& site) {
  constexpr std::string_view kQuestions =
      "SELECT id, question_text, pub_date FROM polls_question ORDER BY id";
  constexpr std::string_view kChoices =
      "SELECT id, question_id, choice_text, votes FROM polls_choice ORDER BY id";
  constexpr std::string_view kLog = "SELECT count(*) FROM django_admin_log";
  auto session = site.database().read();
  std::string out;
  for (const auto sql : {kQuestions, kChoices, kLog}) {
    const auto rows = session->query(sql);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      out += rows.text(r, 0);
      out += '|';
    }
    out += '\n';
  }
  const auto choices = session->query(kChoices);
  for (std::size_t r = 0; r < choices.size(); ++r) out += choices.text(r, 2) + choices.text(r, 3);
  const auto questions = session->query(kQuestions);
  for (std::size_t r = 0; r < questions.size(); ++r)
    out += questions.text(r, 1) + questions.text(r, 2);
  return out;
}

}  // namespace

TEST_CASE(
    "a view-only staff user's POSTs to the add, change and delete forms get 403, change nothing") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::UserSpec spec;
  spec.username = "viewer";
  spec.is_superuser = false;
  const auto user = polls::test::create_user(site, spec);
  const auto id = site.create_question("Existing?", std::chrono::hours{-1});
  const auto choice = site.create_choice(id, "Kept", 3);
  grant_view_question(site, user);
  AdminClient browser(site);
  REQUIRE(browser.login("viewer")->status == 302);
  REQUIRE(browser.get("/admin/polls/question/")->status == 200);
  // A form of theirs gives the POSTs below a valid CSRF token, so a 403 can only be the
  // permission check (the body says which).
  REQUIRE(browser.get("/admin/password_change/")->status == 200);
  const std::string before = snapshot_of_questions(site);
  const std::string question = "/admin/polls/question/" + std::to_string(id);
  const polls::test::Fields edited{{"question_text", "Hijacked?"},
                                   {"pub_date_0", "2026-07-14"},
                                   {"pub_date_1", "09:00:00"},
                                   {"choice_set-TOTAL_FORMS", "2"},
                                   {"choice_set-INITIAL_FORMS", "1"},
                                   {"choice_set-0-id", std::to_string(choice)},
                                   {"choice_set-0-choice_text", "Renamed"},
                                   {"choice_set-0-votes", "999"},
                                   {"choice_set-1-choice_text", "Added"},
                                   {"choice_set-1-votes", "1"},
                                   {"_save", ""}};
  polls::test::Fields added = edited;
  added[4] = {"choice_set-INITIAL_FORMS", "0"};
  added.erase(added.begin() + 5);
  for (const auto& [path, fields] : std::vector<std::pair<std::string, polls::test::Fields>>{
           {"/admin/polls/question/add/", added},
           {question + "/change/", edited},
           {question + "/delete/", {{"post", "yes"}}}}) {
    INFO("POST ", path);
    const auto res = browser.post(path, fields);
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(res->body.find("CSRF verification failed") == std::string::npos);
    CHECK(polls::test::html_unescape(res->body).find("You do not have permission to do that.") !=
          std::string::npos);
    CHECK(snapshot_of_questions(site) == before);
  }
  CHECK(site.votes(choice) == 3);
}
