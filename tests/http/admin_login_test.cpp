// /admin/login/ and /admin/logout/: who gets in, where they go, the session cookie, hash
// upgrades, and the throttle on repeated failures.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "http/admin_client.hpp"
#include "security/password.hpp"

using polls::test::AdminClient;
using polls::test::TestSite;

namespace {

constexpr std::string_view kWrong =
    "Please enter the correct username and password for a staff account.";

bool says(const httplib::Result& res, std::string_view text) {
  return res && polls::test::html_unescape(res->body).find(text) != std::string::npos;
}

std::string stored_hash(TestSite& site, std::string_view username) {
  constexpr std::string_view kSelect = "SELECT password FROM auth_user WHERE username = $1";
  auto session = site.database().read();
  return session->query(kSelect, {username}).text(0, 0);
}

std::int64_t sessions(TestSite& site) {
  constexpr std::string_view kCount = "SELECT count(*) FROM polls_session";
  auto session = site.database().read();
  return session->query(kCount).integer(0, 0);
}

}  // namespace

TEST_CASE("a staff user logs in: 302 to next, an HttpOnly SameSite=Lax cookie, last_login set") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  AdminClient browser(site);
  const auto res = browser.login("admin", "correct horse", "/admin/polls/question/?q=x");
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(res->get_header_value("Location") == "/admin/polls/question/?q=x");
  const std::string& cookie = browser.set_cookie_header("sessionid");
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Lax") != std::string::npos);
  // The whole site's, as Django's (a staff-only poll asks who votes); the cookie older builds
  // kept at /admin/ is deleted, or browsers would send it first there and hide the new one.
  CHECK(cookie.find("Path=/;") != std::string::npos);
  CHECK(cookie.find("Secure") == std::string::npos);  // plain HTTP
  bool old_deleted = false;
  for (const auto& [name, value] : res->headers) {
    old_deleted = old_deleted || (name == "Set-Cookie" && value.starts_with("sessionid=;") &&
                                  value.find("Max-Age=0; Path=/admin/;") != std::string::npos);
  }
  CHECK(old_deleted);
  // The database holds a hash of the key, never the key.
  constexpr std::string_view kKeys = "SELECT key_hash FROM polls_session";
  auto session = site.database().read();
  const auto keys = session->query(kKeys);
  REQUIRE(keys.size() == 1);
  CHECK(keys.text(0, 0) != browser.cookies()["sessionid"]);
  constexpr std::string_view kLastLogin = "SELECT last_login FROM auth_user";
  CHECK(!session->query(kLastLogin).is_null(0, 0));
  CHECK(site.wait_for_log([](const polls::test::LogEntry& e) {
    return e.at("msg") == "admin login" && e.at("username") == "admin";
  }));
  // The CSRF secret is replaced at login (Django's rotate_token).
  const std::string before_login = browser.cookies()["csrftoken"];
  AdminClient fresh(site);
  fresh.get("/admin/login/");
  const std::string planted = fresh.cookies()["csrftoken"];
  REQUIRE(fresh.login()->status == 302);
  CHECK(fresh.cookies()["csrftoken"] != planted);
  CHECK(!before_login.empty());
  // The default next is the admin home.
  AdminClient other(site);
  CHECK(other.login()->get_header_value("Location") == "/admin/");
}

TEST_CASE("next must stay on this site") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  for (const std::string& next :
       std::vector<std::string>{"https://evil.example/", "//evil.example/", "/\\evil.example",
                                "/\t/evil.example", "javascript:alert(1)", "admin/"}) {
    INFO(next);
    AdminClient browser(site);
    const auto res = browser.login("admin", "correct horse", next);
    REQUIRE(res);
    CHECK(res->status == 302);
    CHECK(res->get_header_value("Location") == "/admin/");
  }
}

TEST_CASE("a failed login says so without telling which part was wrong, and gives no session") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  polls::test::UserSpec inactive;
  inactive.username = "gone";
  inactive.is_active = false;
  polls::test::create_user(site, inactive);
  polls::test::UserSpec visitor;
  visitor.username = "visitor";
  visitor.is_staff = false;
  visitor.is_superuser = false;
  polls::test::create_user(site, visitor);
  const std::pair<std::string, std::string> attempts[] = {{"admin", "wrong"},
                                                          {"nobody", "correct horse"},
                                                          {"ADMIN", "correct horse"},
                                                          {"gone", "correct horse"},
                                                          {"visitor", "correct horse"}};
  for (const auto& [username, password] : attempts) {
    INFO(username, " / ", password);
    AdminClient browser(site);
    const std::uint64_t computed = polls::security::pbkdf2_iterations_computed();
    const auto res = browser.login(username, password);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(says(res, kWrong));
    // Whether or not the account exists, a password was hashed at today's cost: timing cannot
    // tell the cases apart.
    CHECK(polls::security::pbkdf2_iterations_computed() - computed >=
          static_cast<std::uint64_t>(site.site().admin_options().password_iterations));
    CHECK(browser.cookies().count("sessionid") == 0);
    // What was typed stays, but never the password.
    CHECK(polls::test::input_value(res->body, "username") == username);
    CHECK(res->body.find("correct horse") == std::string::npos);
  }
  CHECK(sessions(site) == 0);
  CHECK(site.wait_for_log([](const polls::test::LogEntry& e) {
    return e.at("msg") == "admin login failed" && e.at("username") == "nobody";
  }));
}

TEST_CASE("empty fields are required, and a login without the CSRF token is refused") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  AdminClient browser(site);
  browser.get("/admin/login/");
  const auto empty = browser.post("/admin/login/", {{"username", ""}, {"password", ""}});
  REQUIRE(empty);
  CHECK(empty->status == 200);
  CHECK(polls::test::count_of(empty->body, "This field is required.") == 2);

  auto client = site.client();
  const auto forged =
      client.Post("/admin/login/",
                  polls::test::form_body({{"username", "admin"}, {"password", "correct horse"}}),
                  "application/x-www-form-urlencoded");
  REQUIRE(forged);
  CHECK(forged->status == 403);
  CHECK(sessions(site) == 0);
}

TEST_CASE("over HTTPS through a trusted proxy the session cookie is Secure") {
  polls::test::SiteOptions options;
  options.trust_x_forwarded_proto = true;
  TestSite site(options);
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  AdminClient browser(site);
  browser.set_origin("https://" + site.host());
  const httplib::Headers https{{"X-Forwarded-Proto", "https"}};
  browser.get("/admin/login/", https);
  const auto res = browser.post(
      "/admin/login/", {{"username", "admin"}, {"password", "correct horse"}, {"next", ""}}, https);
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(browser.set_cookie_header("sessionid").find("; Secure") != std::string::npos);
  CHECK(browser.get("/admin/", https)->status == 200);
  // Logging out over HTTPS deletes the Secure cookie (a browser ignores a non-Secure deletion).
  browser.post("/admin/logout/", {}, https);
  CHECK(browser.set_cookie_header("sessionid").find("; Secure") != std::string::npos);
  CHECK(browser.set_cookie_header("sessionid").find("Max-Age=0") != std::string::npos);
}

TEST_CASE("logout is a POST that deletes the session, after which the old cookie no longer works") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  AdminClient browser(site);
  REQUIRE(browser.login()->status == 302);
  const std::string old_key = browser.cookies()["sessionid"];
  CHECK(browser.get("/admin/logout/")->status == 405);
  CHECK(browser.get("/admin/")->status == 200);  // a GET logs nobody out
  const auto res = browser.post("/admin/logout/", {});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(says(res, "Logged out"));
  CHECK(browser.set_cookie_header("sessionid").find("Max-Age=0") != std::string::npos);
  CHECK(sessions(site) == 0);
  browser.cookies()["sessionid"] = old_key;  // replayed
  CHECK(browser.get("/admin/")->status == 302);
}

TEST_CASE("a logged-in user who opens the login page goes on to next") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  AdminClient browser(site);
  REQUIRE(browser.login()->status == 302);
  const auto res = browser.get("/admin/login/?next=/admin/polls/question/");
  REQUIRE(res);
  CHECK(res->status == 302);
  CHECK(res->get_header_value("Location") == "/admin/polls/question/");
  // A new login replaces the old session instead of adding one.
  REQUIRE(browser.login()->status == 302);
  CHECK(sessions(site) == 1);
}

TEST_CASE("a hash with fewer iterations than today's is upgraded at the next login") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::UserSpec old;
  old.iterations = 500;  // below the site's (tuned) 1000
  polls::test::create_user(site, old);
  CHECK(stored_hash(site, "admin").starts_with("pbkdf2_sha256$500$"));
  AdminClient browser(site);
  REQUIRE(browser.login()->status == 302);
  const std::string upgraded = stored_hash(site, "admin");
  CHECK(upgraded.starts_with("pbkdf2_sha256$1000$"));
  CHECK(polls::security::verify_password("correct horse", upgraded, 1000).ok);
  // The session made from the old hash survived the upgrade, and the new hash logs in.
  CHECK(browser.get("/admin/")->status == 200);
  AdminClient again(site);
  CHECK(again.login()->status == 302);
  CHECK(stored_hash(site, "admin") == upgraded);  // no second rewrite
}

TEST_CASE("repeated failures for one username are slowed, then refused with 429 for a while") {
  std::atomic<std::int64_t> seconds{0};
  polls::test::SiteOptions options;
  options.now = [&seconds] { return polls::test::kNow + std::chrono::seconds{seconds.load()}; };
  TestSite site(options);
  polls::test::tune_for_tests(site);
  auto& limits = site.site().admin_options().login_throttle;
  limits.username_slow_after = 2;
  limits.username_refuse_after = 4;
  polls::test::create_user(site);
  AdminClient browser(site);
  for (int i = 0; i < 4; ++i) CHECK(browser.login("admin", "guess")->status == 200);
  CHECK(site.wait_for_log([](const polls::test::LogEntry& e) {
    return e.at("msg") == "admin login slowed down after failures";
  }));
  // Locked now, even with the right password.
  const auto refused = browser.login("admin", "correct horse");
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(refused->get_header_value("Retry-After") == "900");
  CHECK(says(refused, "Too many failed attempts. Try again in 15 minutes."));
  CHECK(browser.cookies().count("sessionid") == 0);
  CHECK(site.wait_for_log([](const polls::test::LogEntry& e) {
    return e.at("msg") == "admin login refused: too many failures" && e.at("by") == "username";
  }));
  // Another user from the same address is not locked out by this username's failures.
  polls::test::UserSpec other;
  other.username = "other";
  polls::test::create_user(site, other);
  AdminClient colleague(site);
  CHECK(colleague.login("other", "correct horse")->status == 302);
  // The lock ends when the failures age out of the window.
  seconds = 600;
  const auto still = browser.login("admin", "correct horse");
  CHECK(still->status == 429);
  CHECK(still->get_header_value("Retry-After") == "300");
  seconds = 901;
  CHECK(browser.login("admin", "correct horse")->status == 302);
}

TEST_CASE("a success clears the failures, and an address with many failures is refused too") {
  polls::test::SiteOptions options;
  options.trust_x_forwarded_for = true;
  TestSite site(options);
  polls::test::tune_for_tests(site);
  auto& limits = site.site().admin_options().login_throttle;
  limits.username_refuse_after = 3;
  limits.address_slow_after = 1;
  limits.address_refuse_after = 5;
  polls::test::create_user(site);
  AdminClient browser(site);
  for (int i = 0; i < 2; ++i) CHECK(browser.login("admin", "guess")->status == 200);
  CHECK(browser.login()->status == 302);
  // Cleared: two more failures do not reach the limit of three.
  AdminClient again(site);
  for (int i = 0; i < 2; ++i) CHECK(again.login("admin", "guess")->status == 200);
  CHECK(again.login()->status == 302);

  // One client trying many usernames, behind a proxy that appends its address.
  const httplib::Headers proxied{{"X-Forwarded-For", "198.51.100.7, 203.0.113.9"}};
  AdminClient sprayer(site);
  sprayer.get("/admin/login/", proxied);
  for (int i = 0; i < 5; ++i) {
    const auto res = sprayer.post(
        "/admin/login/",
        {{"username", "user" + std::to_string(i)}, {"password", "x"}, {"next", ""}}, proxied);
    CHECK(res->status == 200);
  }
  const auto refused =
      sprayer.post("/admin/login/",
                   {{"username", "admin"}, {"password", "correct horse"}, {"next", ""}}, proxied);
  CHECK(refused->status == 429);
  CHECK(site.wait_for_log([](const polls::test::LogEntry& e) {
    return e.at("msg") == "admin login refused: too many failures" && e.at("by") == "address" &&
           e.at("address") == "203.0.113.9";
  }));
  // Other addresses are unaffected.
  CHECK(AdminClient(site).login()->status == 302);
}

TEST_CASE("attempts in parallel cannot get past the limit: each counts the ones before it") {
  TestSite site;
  polls::test::tune_for_tests(site);
  auto& limits = site.site().admin_options().login_throttle;
  limits.username_slow_after = 100;  // no delays: the requests overlap as much as they can
  limits.username_refuse_after = 5;
  polls::test::create_user(site);
  constexpr int kAttempts = 24;
  std::vector<std::unique_ptr<AdminClient>> browsers;
  for (int i = 0; i < kAttempts; ++i) {
    browsers.push_back(std::make_unique<AdminClient>(site));
    browsers.back()->get("/admin/login/");
  }
  std::atomic<int> checked{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      const auto res = browsers[static_cast<std::size_t>(i)]->post(
          "/admin/login/", {{"username", "admin"}, {"password", "guess"}, {"next", ""}});
      if (res && res->status == 200) ++checked;
      if (res && res->status == 429) ++refused;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(checked.load() == 5);  // exactly the limit had their password checked
  CHECK(refused.load() == kAttempts - 5);
  // Refused attempts are not recorded: the lock ends 15 minutes after the real failures.
  constexpr std::string_view kCount = "SELECT count(*) FROM polls_login_failure";
  auto session = site.database().read();
  CHECK(session->query(kCount).integer(0, 0) == 5);
}

TEST_CASE("a username no account can have is a failed login, not an error") {
  TestSite site;
  polls::test::tune_for_tests(site);
  polls::test::create_user(site);
  for (const std::string& username :
       std::vector<std::string>{std::string("ad\0min", 6), std::string(5000, 'a'), "é"}) {
    AdminClient browser(site);
    const auto res = browser.login(username, "correct horse");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(says(res, kWrong));
  }
}
