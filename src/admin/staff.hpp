// Who is asking: the admin's session cookie resolved to an active staff user, with what that
// user may do to questions, and the helpers around logging in and out (cookies, the next URL,
// the client's address).
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "admin/deps.hpp"
#include "auth/users_repository.hpp"

namespace polls::admin {

// What a route asks of its staff user: only to be staff, or a permission on questions.
enum class Need { Staff, View, Add, Change, Remove };

// What Django's ModelAdmin would let the user do with questions.
struct Permissions {
  bool view = false;
  bool add = false;
  bool change = false;
  bool remove = false;
  bool any() const { return view || add || change || remove; }
  bool allows(Need need) const;
};

struct Staff {
  auth::User user;
  std::string session_key;
  Permissions permissions;
  std::optional<std::string> message;  // the one-time notice to show on this page
};

// The staff user behind the request's session, if the session exists, has not expired, belongs
// to an active staff user and was made with the user's current password. The session's pending
// message is taken (shown once).
std::optional<Staff> current_staff(const Deps& deps, const httplib::Request& req);

// The id of the staff user behind the request's session (as current_staff, without taking its
// message): who votes on a "once per staff account" question.
std::optional<std::int64_t> signed_in_staff_id(const Deps& deps, const httplib::Request& req);

// As current_staff; when there is none, answers with a 302 to the login page (with next) and
// returns nullopt. routes.cpp asks it before every view but logging in and out.
std::optional<Staff> require_staff(const Deps& deps, const httplib::Request& req,
                                   httplib::Response& res);

// "/admin/login/?next=%2Fadmin%2Fpolls%2Fquestion%2F".
std::string login_url(std::string_view next);

// Whether next may be redirected to after login: a path on this site ("/..."), not "//host" or
// "/\\host" (which browsers read as another host), without control characters. Django's
// url_has_allowed_host_and_scheme for a relative URL.
bool is_safe_next(std::string_view next);

// The request's path and query, for next.
std::string request_target(const httplib::Request& req);

// The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS; deleted with
// an empty value and Max-Age=0. Both also delete the cookie older builds kept at Path=/admin/.
void set_session_cookie(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                        std::string_view key);
void clear_session_cookie(const Deps& deps, const httplib::Request& req, httplib::Response& res);

// The session key the browser sent, if any.
std::optional<std::string> session_cookie(const httplib::Request& req);

// The client's address: the connection's peer, or the last X-Forwarded-For entry when
// trust_x_forwarded_for is set.
std::string client_address(const Deps& deps, const httplib::Request& req);

}  // namespace polls::admin
