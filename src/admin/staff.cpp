// Sessions to users, cookies and redirects of the admin: see staff.hpp.
#include "admin/staff.hpp"

#include "admin/urls.hpp"
#include "auth/sessions_repository.hpp"
#include "http/cookies.hpp"
#include "http/form.hpp"
#include "security/hmac.hpp"
#include "text/trim.hpp"
#include "web/client_address.hpp"

namespace polls::admin {

namespace {

Permissions permissions_of(auth::UsersRepository& users, const auth::User& user) {
  if (user.is_superuser) return {true, true, true, true};
  Permissions permissions;
  for (const std::string& codename : users.question_permissions(user.id)) {
    permissions.view = permissions.view || codename == "view_question";
    permissions.add = permissions.add || codename == "add_question";
    permissions.change = permissions.change || codename == "change_question";
    permissions.remove = permissions.remove || codename == "delete_question";
  }
  // Django: whoever may change may also view.
  permissions.view = permissions.view || permissions.change;
  return permissions;
}

http::CookieOptions cookie_options(const Deps& deps, const httplib::Request& req) {
  http::CookieOptions options;
  // The whole site, as Django's: a "once per staff account" poll asks who is voting.
  options.path = "/";
  options.http_only = true;
  options.same_site = "Lax";
  options.secure = deps.pages.is_https(req);
  return options;
}

}  // namespace

bool Permissions::allows(Need need) const {
  switch (need) {
    case Need::Staff:
      return true;
    case Need::View:
      return view;
    case Need::Add:
      return add;
    case Need::Change:
      return change;
    case Need::Remove:
      return remove;
  }
  return false;
}

std::optional<std::string> session_cookie(const httplib::Request& req) {
  return http::find_cookie(req.get_header_value("Cookie"), auth::kSessionCookieName);
}

// The session and its active staff user, when the request has a live one made with the user's
// current password.
std::optional<std::pair<auth::StoredSession, auth::User>> live_session(const Deps& deps,
                                                                       const std::string& key) {
  auto stored = auth::SessionsRepository(deps.database).find(key, deps.now());
  if (!stored) return std::nullopt;
  auto user = auth::UsersRepository(deps.database).find_by_id(stored->user_id);
  if (!user || !user->is_active || !user->is_staff) return std::nullopt;
  const std::string expected =
      auth::session_auth_hash(deps.options.secret_key, user->password_hash);
  if (!security::constant_time_equals(expected, stored->auth_hash)) return std::nullopt;
  return std::pair{std::move(*stored), std::move(*user)};
}

std::optional<Staff> current_staff(const Deps& deps, const httplib::Request& req) {
  const auto key = session_cookie(req);
  if (!key) return std::nullopt;
  auto found = live_session(deps, *key);
  if (!found) return std::nullopt;
  Staff staff{std::move(found->second), *key, {}, found->first.message};
  auth::UsersRepository users(deps.database);
  staff.permissions = permissions_of(users, staff.user);
  if (staff.message) auth::SessionsRepository(deps.database).set_message(*key, "");
  return staff;
}

std::optional<std::int64_t> signed_in_staff_id(const Deps& deps, const httplib::Request& req) {
  const auto key = session_cookie(req);
  if (!key) return std::nullopt;
  const auto found = live_session(deps, *key);
  if (!found) return std::nullopt;
  return found->second.id;
}

std::optional<Staff> require_staff(const Deps& deps, const httplib::Request& req,
                                   httplib::Response& res) {
  auto staff = current_staff(deps, req);
  if (!staff) {
    res.set_redirect(login_url(request_target(req)), 302);
    // The answer depends on the cookie.
    res.set_header("Vary", "Cookie");
    res.set_header("Cache-Control", "private, no-cache");
  }
  return staff;
}

std::string login_url(std::string_view next) {
  return std::string(urls::kLogin) + "?next=" + http::percent_encode(next, false);
}

bool is_safe_next(std::string_view next) {
  if (!next.starts_with('/') || next.starts_with("//") || next.starts_with("/\\")) return false;
  for (const char c : next) {
    // Browsers drop tabs and newlines from URLs ("/\t/evil.example" is "//evil.example").
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string request_target(const httplib::Request& req) {
  // As sent (still percent-encoded), so that the redirect after login asks for the same thing.
  return req.target;
}

namespace {

// Deletes the session cookie of older builds, kept at Path=/admin/: a browser sends the cookie
// of the longer path first, so a stale one there would hide the new one from the admin pages.
void clear_old_admin_cookie(const Deps& deps, const httplib::Request& req, httplib::Response& res) {
  auto options = cookie_options(deps, req);
  options.path = std::string(urls::kHome);
  options.max_age = 0;
  res.set_header("Set-Cookie", http::set_cookie(auth::kSessionCookieName, "", options));
}

}  // namespace

void set_session_cookie(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                        std::string_view key) {
  auto options = cookie_options(deps, req);
  options.max_age = deps.options.session_age_seconds;
  res.set_header("Set-Cookie", http::set_cookie(auth::kSessionCookieName, key, options));
  clear_old_admin_cookie(deps, req, res);
}

void clear_session_cookie(const Deps& deps, const httplib::Request& req, httplib::Response& res) {
  auto options = cookie_options(deps, req);
  options.max_age = 0;
  res.set_header("Set-Cookie", http::set_cookie(auth::kSessionCookieName, "", options));
  clear_old_admin_cookie(deps, req, res);
}

std::string client_address(const Deps& deps, const httplib::Request& req) {
  return web::client_address(req, deps.options.trust_x_forwarded_for);
}

}  // namespace polls::admin
