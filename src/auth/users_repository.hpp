// Django's users (auth_user): what createsuperuser, changepassword and the admin login need.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "db/timestamp.hpp"

namespace polls::auth {

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;  // Django's "pbkdf2_sha256$..." (or anything Django stored)
  std::string email;
  std::string first_name;
  std::string last_name;
  bool is_active = false;
  bool is_staff = false;
  bool is_superuser = false;
  std::optional<db::Timestamp> last_login;
  db::Timestamp date_joined{};
};

// Django's UnicodeUsernameValidator, restricted to ASCII: 1 to 150 characters, each a letter, a
// digit or one of @ . + - _. (Django also allows non-ASCII letters; polls refuses them.)
bool valid_username(std::string_view username);

// Thrown by create_superuser when the username exists.
class UsernameTaken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class UsersRepository {
 public:
  explicit UsersRepository(db::Database& database) : database_(database) {}

  // The user with exactly this username (case-sensitive, as Django's lookup).
  std::optional<User> find_by_username(std::string_view username);

  // Inserts an active staff superuser, joined at `now`, with an already hashed password; its id.
  // Throws UsernameTaken if the username exists.
  std::int64_t create_superuser(std::string_view username, std::string_view email,
                                std::string_view password_hash, db::Timestamp now);

  // Replaces a user's password hash; false if no such user.
  bool set_password(std::int64_t user_id, std::string_view password_hash);

  std::optional<User> find_by_id(std::int64_t id);

  // Sets last_login, as Django's user_logged_in signal does.
  void record_login(std::int64_t user_id, db::Timestamp now);

  // The codenames of the polls.question permissions ("view_question", "add_question",
  // "change_question", "delete_question") the user has directly or through a group. Django's
  // admin lets a staff user who is not a superuser do only what these allow.
  std::vector<std::string> question_permissions(std::int64_t user_id);

 private:
  db::Database& database_;
};

}  // namespace polls::auth
