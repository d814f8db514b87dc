// The admin tests' browser and users: see admin_client.hpp.
#include "http/admin_client.hpp"

#include <stdexcept>

#include "auth/users_repository.hpp"
#include "http/cookies.hpp"
#include "security/password.hpp"
#include "site/site.hpp"

namespace polls::test {

namespace {

constexpr std::string_view kInsertUser =
    "INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, "
    "email, is_staff, is_active, date_joined) "
    "VALUES ($1, NULL, $2, $3, '', '', '', $4, $5, $6) RETURNING id";

}  // namespace

std::int64_t create_user(TestSite& site, const UserSpec& spec) {
  const std::string hash = security::hash_password(spec.password, spec.iterations);
  auto session = site.database().write();
  return session
      ->query(kInsertUser, {std::string_view(hash), spec.is_superuser,
                            std::string_view(spec.username), spec.is_staff, spec.is_active, kNow})
      .integer(0, 0);
}

void tune_for_tests(TestSite& site) {
  auto& options = site.site().admin_options();
  options.password_iterations = kTestIterations;
  options.login_throttle.delay_step = std::chrono::milliseconds{1};
  options.login_throttle.max_delay = std::chrono::milliseconds{5};
}

httplib::Headers AdminClient::headers(httplib::Headers extra) const {
  std::string cookie;
  for (const auto& [name, value] : cookies_) {
    if (!cookie.empty()) cookie += "; ";
    cookie += name + "=" + value;
  }
  if (!cookie.empty()) extra.emplace("Cookie", cookie);
  return extra;
}

void AdminClient::remember(const httplib::Result& res) {
  if (!res) return;
  for (const auto& [name, value] : res->headers) {
    if (name != "Set-Cookie") continue;
    const std::string_view header = value;
    // A jar for the whole site: a cookie for one path only (the legacy /admin/ session cookie's
    // deletion) is another cookie, which real browsers keep apart.
    const std::size_t path = header.find("; Path=");
    if (path != std::string_view::npos && header.substr(path + 7, 2) != "/;" &&
        header.substr(path + 7) != "/") {
      continue;
    }
    const std::size_t eq = header.find('=');
    const std::size_t end = header.find(';');
    const std::string cookie(header.substr(0, eq));
    const std::string content(header.substr(eq + 1, end - eq - 1));
    set_cookie_[cookie] = value;
    if (content.empty() || header.find("Max-Age=0") != std::string_view::npos) {
      cookies_.erase(cookie);
    } else {
      cookies_[cookie] = content;
    }
  }
  const std::string token = input_value(res->body, "csrfmiddlewaretoken");
  if (!token.empty()) token_ = token;
}

httplib::Result AdminClient::get(const std::string& path, httplib::Headers extra) {
  auto client = site_.client();
  auto res = client.Get(path, headers(std::move(extra)));
  remember(res);
  return res;
}

httplib::Result AdminClient::post(const std::string& path, Fields fields, httplib::Headers extra) {
  if (token_.empty()) get("/admin/login/");
  fields.insert(fields.begin(), {"csrfmiddlewaretoken", token_});
  extra.emplace("Origin", origin_.empty() ? "http://" + site_.host() : origin_);
  auto client = site_.client();
  auto res = client.Post(path, headers(std::move(extra)), form_body(fields),
                         "application/x-www-form-urlencoded");
  remember(res);
  return res;
}

httplib::Result AdminClient::login(std::string_view username, std::string_view password,
                                   std::string_view next) {
  get("/admin/login/");
  auto res = post("/admin/login/", {{"username", std::string(username)},
                                    {"password", std::string(password)},
                                    {"next", std::string(next)}});
  // A browser follows the redirect, and its next form carries the CSRF token rotated at login.
  if (res && res->status == 302) get(res->get_header_value("Location"));
  return res;
}

std::string input_value(std::string_view html, std::string_view name) {
  const std::string marker = "name=\"" + std::string(name) + "\"";
  const std::size_t at = html.find(marker);
  if (at == std::string_view::npos) return {};
  const std::size_t tag_end = html.find('>', at);
  const std::size_t value = html.find("value=\"", at);
  if (value == std::string_view::npos || value > tag_end) return {};
  const std::size_t begin = value + 7;
  return html_unescape(html.substr(begin, html.find('"', begin) - begin));
}

}  // namespace polls::test
