// Logging in and out of the admin, and changing one's own password.
#include <thread>

#include "admin/page.hpp"
#include "admin/staff.hpp"
#include "admin/urls.hpp"
#include "admin/views.hpp"
#include "auth/login_throttle.hpp"
#include "auth/sessions_repository.hpp"
#include "auth/staff_login.hpp"
#include "http/form.hpp"
#include "http/server.hpp"
#include "security/password.hpp"
#include "text/messages.hpp"
#include "text/utf8.hpp"

namespace polls::admin {

namespace {

constexpr std::string_view kRequired = "This field is required.";
// Django's wording: it does not say whether the username or the password was wrong.
constexpr std::string_view kWrongLogin =
    "Please enter the correct username and password for a staff account. Note that both fields "
    "may be case-sensitive.";

struct LoginForm {
  std::string username;
  std::string next;
  std::string error;
  std::string username_error;
  std::string password_error;
};

void render_login(Deps& deps, Request req, Response res, const LoginForm& form, int status = 200) {
  render::Data data = page_data(deps, req, res, nullptr, "Log in", {});
  data.set("username", form.username);
  data.set("next", form.next);
  if (!form.error.empty()) data.set("error", form.error);
  if (!form.username_error.empty()) data.set("username_error", form.username_error);
  if (!form.password_error.empty()) data.set("password_error", form.password_error);
  render_admin(deps, res, "login.html", data, status);
}

std::string minutes_text(std::chrono::seconds wait) {
  const auto minutes = (wait.count() + 59) / 60;
  return text::counted(minutes, "minute", "minutes");
}

std::string field(const http::Form& form, std::string_view name) {
  return std::string(form.first(name).value_or(""));
}

// Starts a throttled attempt: refuses it (429, logged) when the throttle says so, else waits its
// delay. False when refused. The attempt counts as a failure unless succeeded() clears it.
bool pass_throttle(Deps& deps, Response res, auth::LoginThrottle& throttle,
                   std::string_view username, std::string_view address, std::string_view what,
                   std::string& error) {
  const auth::ThrottleDecision decision = throttle.begin(username, address, deps.now());
  if (decision.refused) {
    deps.log.warn(std::string(what) + " refused: too many failures",
                  {{"username", username},
                   {"address", address},
                   {"by", decision.reason},
                   {"retry_after_seconds", std::to_string(decision.retry_after.count())},
                   {"request_id", http::request_id(res)}});
    res.set_header("Retry-After", std::to_string(decision.retry_after.count()));
    error = "Too many failed attempts. Try again in " + minutes_text(decision.retry_after) + ".";
    return false;
  }
  if (decision.delay.count() > 0) {
    deps.log.info(std::string(what) + " slowed down after failures",
                  {{"username", username},
                   {"address", address},
                   {"by", decision.reason},
                   {"delay_ms", std::to_string(decision.delay.count())}});
    std::this_thread::sleep_for(decision.delay);
  }
  return true;
}

// Where to go after logging in: next when it is a path on this site, else the admin home.
std::string after_login(const std::string& next) {
  return is_safe_next(next) ? next : std::string(urls::kHome);
}

}  // namespace

void login_page(Deps& deps, Request req, Response res, Params) {
  LoginForm form;
  form.next = req.get_param_value("next");
  if (current_staff(deps, req)) {
    redirect(res, after_login(form.next));
    return;
  }
  render_login(deps, req, res, form);
}

namespace {

// Logs the user in: upgrades an old password hash, records the login, and starts a new session
// (the old one ends: no session fixation) with a new CSRF secret.
void start_session(Deps& deps, Request req, Response res, const auth::User& user,
                   const std::string& password, bool needs_upgrade) {
  auth::UsersRepository users(deps.database);
  std::string hash = user.password_hash;
  if (needs_upgrade) {
    // Django's hasher upgrade: the stored hash gets today's iteration count.
    hash = security::hash_password(password, deps.options.password_iterations);
    users.set_password(user.id, hash);
    deps.log.info("password hash upgraded", {{"username", user.username}});
  }
  const auto now = deps.now();
  users.record_login(user.id, now);
  auth::SessionsRepository sessions(deps.database);
  if (const auto old = session_cookie(req)) sessions.remove(*old);
  const std::string key =
      sessions.create(user.id, auth::session_auth_hash(deps.options.secret_key, hash), now,
                      std::chrono::seconds{deps.options.session_age_seconds});
  set_session_cookie(deps, req, res, key);
  deps.pages.rotate_csrf_token(req, res);
}

}  // namespace

void login_submit(Deps& deps, Request req, Response res, Params p) {
  const http::Form& submitted = p.form();
  LoginForm form;
  form.username = field(submitted, "username");
  form.next = field(submitted, "next");
  const std::string password = field(submitted, "password");
  if (form.username.empty()) form.username_error = kRequired;
  if (password.empty()) form.password_error = kRequired;
  if (form.username.empty() || password.empty()) {
    render_login(deps, req, res, form);
    return;
  }
  const std::string address = client_address(deps, req);
  auth::LoginThrottle throttle(deps.database, deps.options.login_throttle);
  if (!pass_throttle(deps, res, throttle, form.username, address, "admin login", form.error)) {
    render_login(deps, req, res, form, 429);
    return;
  }
  const auth::StaffLogin login = auth::check_staff_login(deps.database, form.username, password,
                                                         deps.options.password_iterations);
  if (!login.user) {
    deps.log.warn("admin login failed", {{"username", text::utf8_prefix(form.username, 150)},
                                         {"address", address},
                                         {"request_id", http::request_id(res)}});
    form.error = kWrongLogin;
    render_login(deps, req, res, form);
    return;
  }
  throttle.succeeded(form.username);
  start_session(deps, req, res, *login.user, password, login.needs_upgrade);
  deps.log.info("admin login", {{"username", login.user->username}, {"address", address}});
  redirect(res, after_login(form.next));
}

void logout(Deps& deps, Request req, Response res, Params) {
  if (const auto staff = current_staff(deps, req)) {
    deps.log.info("admin logout", {{"username", staff->user.username}});
  }
  if (const auto key = session_cookie(req)) auth::SessionsRepository(deps.database).remove(*key);
  render::Data data = page_data(deps, req, res, nullptr, "Logged out",
                                {{"Home", std::string(urls::kHome)}, {"Logged out", ""}});
  clear_session_cookie(deps, req, res);
  render_admin(deps, res, "logged_out.html", data);
}

namespace {

struct PasswordForm {
  std::string old_error;
  std::string new1_error;
  std::string new2_error;
  std::string error;
};

void render_password_change(Deps& deps, Request req, Response res, const Staff& staff,
                            const PasswordForm& form, int status = 200) {
  render::Data data = page_data(deps, req, res, &staff, "Password change",
                                {{"Home", std::string(urls::kHome)}, {"Password change", ""}});
  if (!form.old_error.empty()) data.set("old_error", form.old_error);
  if (!form.new1_error.empty()) data.set("new1_error", form.new1_error);
  if (!form.new2_error.empty()) data.set("new2_error", form.new2_error);
  if (!form.error.empty()) data.set("error", form.error);
  const bool invalid =
      !form.old_error.empty() || !form.new1_error.empty() || !form.new2_error.empty();
  if (invalid) data.set("invalid", true);
  render_admin(deps, res, "password_change.html", data, status);
}

}  // namespace

void password_change_page(Deps& deps, const Staff& staff, Request req, Response res, Params) {
  render_password_change(deps, req, res, staff, {});
}

void password_change_submit(Deps& deps, const Staff& staff, Request req, Response res, Params p) {
  const http::Form& submitted = p.form();
  const std::string old_password = field(submitted, "old_password");
  const std::string new1 = field(submitted, "new_password1");
  const std::string new2 = field(submitted, "new_password2");
  PasswordForm form;
  if (old_password.empty()) form.old_error = kRequired;
  if (new1.empty()) form.new1_error = kRequired;
  if (new2.empty()) form.new2_error = kRequired;
  if (!form.old_error.empty() || !form.new1_error.empty() || !form.new2_error.empty()) {
    render_password_change(deps, req, res, staff, form);
    return;
  }
  // Someone at an unlocked screen may try to guess the old password: the login throttle counts.
  const std::string address = client_address(deps, req);
  auth::LoginThrottle throttle(deps.database, deps.options.login_throttle);
  if (!pass_throttle(deps, res, throttle, staff.user.username, address, "password change",
                     form.error)) {
    render_password_change(deps, req, res, staff, form, 429);
    return;
  }
  if (!security::verify_password(old_password, staff.user.password_hash,
                                 deps.options.password_iterations)
           .ok) {
    // The attempt stays recorded as a failure.
    form.old_error = "Your old password was entered incorrectly. Please enter it again.";
  } else {
    throttle.succeeded(staff.user.username);
    if (new1 != new2) {
      form.new2_error = "The two password fields didn’t match.";
    } else if (const auto problem = security::password_problem(new1, staff.user.username)) {
      form.new2_error = *problem;
    }
  }
  if (!form.old_error.empty() || !form.new2_error.empty()) {
    render_password_change(deps, req, res, staff, form);
    return;
  }
  const std::string hash = security::hash_password(new1, deps.options.password_iterations);
  auth::UsersRepository(deps.database).set_password(staff.user.id, hash);
  // Django's update_session_auth_hash: this session goes on, the user's other sessions end.
  auth::SessionsRepository(deps.database)
      .replace_auth_hash(staff.session_key, staff.user.id,
                         auth::session_auth_hash(deps.options.secret_key, hash));
  deps.log.info("admin password changed", {{"username", staff.user.username}});
  redirect(res, std::string(urls::kPasswordChangeDone));
}

void password_change_done(Deps& deps, const Staff& staff, Request req, Response res, Params) {
  render::Data data = page_data(deps, req, res, &staff, "Password change successful",
                                {{"Home", std::string(urls::kHome)}, {"Password change", ""}});
  render_admin(deps, res, "password_change_done.html", data);
}

}  // namespace polls::admin
