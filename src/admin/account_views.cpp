// Logging in and out of the admin, and changing one's own password.
#include <thread>

#include "admin/login_throttle.hpp"
#include "admin/page.hpp"
#include "admin/sessions.hpp"
#include "admin/staff.hpp"
#include "admin/views.hpp"
#include "http/form.hpp"
#include "http/server.hpp"
#include "security/password.hpp"
#include "text/messages.hpp"
#include "text/utf8.hpp"
#include "web/form_fields.hpp"
#include "web/pages.hpp"

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

void render_login(web::Context& ctx, Request req, Response res, const LoginForm& form,
                  int status = 200) {
  render::Data data = page_data(ctx, req, res, nullptr, "Log in", {});
  data.set("username", form.username);
  data.set("next", form.next);
  if (!form.error.empty()) data.set("error", form.error);
  if (!form.username_error.empty()) data.set("username_error", form.username_error);
  if (!form.password_error.empty()) data.set("password_error", form.password_error);
  render_admin(ctx, res, "login.html", data, status);
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
bool pass_throttle(web::Context& ctx, Response res, LoginThrottle& throttle,
                   std::string_view username, std::string_view address, std::string_view what,
                   std::string& error) {
  const ThrottleDecision decision = throttle.begin(username, address, ctx.now());
  if (decision.refused) {
    ctx.log.warn(std::string(what) + " refused: too many failures",
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
    ctx.log.info(std::string(what) + " slowed down after failures",
                 {{"username", username},
                  {"address", address},
                  {"by", decision.reason},
                  {"delay_ms", std::to_string(decision.delay.count())}});
    std::this_thread::sleep_for(decision.delay);
  }
  return true;
}

}  // namespace

void login_page(web::Context& ctx, Request req, Response res) {
  LoginForm form;
  form.next = req.get_param_value("next");
  if (current_staff(ctx, req)) {
    redirect(res, is_safe_next(form.next) ? form.next : "/admin/");
    return;
  }
  render_login(ctx, req, res, form);
}

void login_submit(web::Context& ctx, Request req, Response res) {
  const http::Form submitted = web::read_form(req);
  LoginForm form;
  form.username = field(submitted, "username");
  form.next = field(submitted, "next");
  const std::string password = field(submitted, "password");
  if (form.username.empty()) form.username_error = kRequired;
  if (password.empty()) form.password_error = kRequired;
  if (form.username.empty() || password.empty()) {
    render_login(ctx, req, res, form);
    return;
  }

  const std::string address = client_address(ctx, req);
  LoginThrottle throttle(ctx.database, ctx.login_throttle);
  if (!pass_throttle(ctx, res, throttle, form.username, address, "admin login", form.error)) {
    render_login(ctx, req, res, form, 429);
    return;
  }

  UsersRepository users(ctx.database);
  // A name no account can have (too long, a NUL byte PostgreSQL refuses) is not looked up.
  const bool plausible =
      form.username.size() <= 150 && form.username.find('\0') == std::string::npos;
  const auto user = plausible ? users.find_by_username(form.username) : std::nullopt;
  security::PasswordCheck check;
  if (user) {
    check = security::verify_password(password, user->password_hash, ctx.password_iterations);
  } else {
    // As long as a wrong password for a real user.
    (void)security::burn_password_time(password, ctx.password_iterations);
  }
  if (!user || !check.ok || !user->is_active || !user->is_staff) {
    ctx.log.warn("admin login failed", {{"username", text::utf8_prefix(form.username, 150)},
                                        {"address", address},
                                        {"request_id", http::request_id(res)}});
    form.error = kWrongLogin;
    render_login(ctx, req, res, form);
    return;
  }

  throttle.succeeded(form.username);
  std::string hash = user->password_hash;
  if (check.needs_upgrade) {
    // Django's hasher upgrade: the stored hash gets today's iteration count.
    hash = security::hash_password(password, ctx.password_iterations);
    users.set_password(user->id, hash);
    ctx.log.info("password hash upgraded", {{"username", user->username}});
  }
  const auto now = ctx.now();
  users.record_login(user->id, now);
  SessionStore sessions(ctx.database);
  // A new key at every login (no session fixation); the old session ends.
  if (const auto old = session_cookie(req)) sessions.remove(*old);
  const std::string key =
      sessions.create(user->id, session_auth_hash(ctx.config.secret_key, hash), now,
                      std::chrono::seconds{ctx.config.session_age_seconds});
  set_session_cookie(ctx, req, res, key);
  web::rotate_csrf_token(ctx, req, res);
  ctx.log.info("admin login", {{"username", user->username}, {"address", address}});
  redirect(res, is_safe_next(form.next) ? form.next : "/admin/");
}

void logout(web::Context& ctx, Request req, Response res) {
  if (const auto staff = current_staff(ctx, req)) {
    ctx.log.info("admin logout", {{"username", staff->user.username}});
  }
  if (const auto key = session_cookie(req)) SessionStore(ctx.database).remove(*key);
  render::Data data =
      page_data(ctx, req, res, nullptr, "Logged out", {{"Home", "/admin/"}, {"Logged out", ""}});
  clear_session_cookie(ctx, req, res);
  render_admin(ctx, res, "logged_out.html", data);
}

namespace {

struct PasswordForm {
  std::string old_error;
  std::string new1_error;
  std::string new2_error;
  std::string error;
};

void render_password_change(web::Context& ctx, Request req, Response res, const Staff& staff,
                            const PasswordForm& form, int status = 200) {
  render::Data data = page_data(ctx, req, res, &staff, "Password change",
                                {{"Home", "/admin/"}, {"Password change", ""}});
  if (!form.old_error.empty()) data.set("old_error", form.old_error);
  if (!form.new1_error.empty()) data.set("new1_error", form.new1_error);
  if (!form.new2_error.empty()) data.set("new2_error", form.new2_error);
  if (!form.error.empty()) data.set("error", form.error);
  const bool invalid =
      !form.old_error.empty() || !form.new1_error.empty() || !form.new2_error.empty();
  if (invalid) data.set("invalid", true);
  render_admin(ctx, res, "password_change.html", data, status);
}

}  // namespace

void password_change_page(web::Context& ctx, Request req, Response res) {
  const auto staff = require_staff(ctx, req, res);
  if (!staff) return;
  render_password_change(ctx, req, res, *staff, {});
}

void password_change_submit(web::Context& ctx, Request req, Response res) {
  const auto staff = require_staff(ctx, req, res);
  if (!staff) return;
  const http::Form submitted = web::read_form(req);
  const std::string old_password = field(submitted, "old_password");
  const std::string new1 = field(submitted, "new_password1");
  const std::string new2 = field(submitted, "new_password2");
  PasswordForm form;
  if (old_password.empty()) form.old_error = kRequired;
  if (new1.empty()) form.new1_error = kRequired;
  if (new2.empty()) form.new2_error = kRequired;
  if (!form.old_error.empty() || !form.new1_error.empty() || !form.new2_error.empty()) {
    render_password_change(ctx, req, res, *staff, form);
    return;
  }
  // Someone at an unlocked screen may try to guess the old password: the login throttle counts.
  const std::string address = client_address(ctx, req);
  LoginThrottle throttle(ctx.database, ctx.login_throttle);
  if (!pass_throttle(ctx, res, throttle, staff->user.username, address, "password change",
                     form.error)) {
    render_password_change(ctx, req, res, *staff, form, 429);
    return;
  }
  if (!security::verify_password(old_password, staff->user.password_hash, ctx.password_iterations)
           .ok) {
    // The attempt stays recorded as a failure.
    form.old_error = "Your old password was entered incorrectly. Please enter it again.";
  } else {
    throttle.succeeded(staff->user.username);
    if (new1 != new2) {
      form.new2_error = "The two password fields didn’t match.";
    } else if (const auto problem = security::password_problem(new1, staff->user.username)) {
      form.new2_error = *problem;
    }
  }
  if (!form.old_error.empty() || !form.new2_error.empty()) {
    render_password_change(ctx, req, res, *staff, form);
    return;
  }
  const std::string hash = security::hash_password(new1, ctx.password_iterations);
  UsersRepository(ctx.database).set_password(staff->user.id, hash);
  // Django's update_session_auth_hash: this session goes on, the user's other sessions end.
  SessionStore(ctx.database)
      .replace_auth_hash(staff->session_key, staff->user.id,
                         session_auth_hash(ctx.config.secret_key, hash));
  ctx.log.info("admin password changed", {{"username", staff->user.username}});
  redirect(res, "/admin/password_change/done/");
}

void password_change_done(web::Context& ctx, Request req, Response res) {
  const auto staff = require_staff(ctx, req, res);
  if (!staff) return;
  render::Data data = page_data(ctx, req, res, &*staff, "Password change successful",
                                {{"Home", "/admin/"}, {"Password change", ""}});
  render_admin(ctx, res, "password_change_done.html", data);
}

}  // namespace polls::admin
