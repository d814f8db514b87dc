// SQL for auth_user: see users.hpp.
#include "admin/users.hpp"

#include "db/errors.hpp"

namespace polls::admin {

bool valid_username(std::string_view username) {
  if (username.empty() || username.size() > 150) return false;
  for (const char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '@' || c == '.' || c == '+' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

constexpr std::string_view kSelectByUsername =
    "SELECT id, username, password, email, first_name, last_name, is_active, is_staff, "
    "is_superuser, last_login, date_joined FROM auth_user WHERE username = $1";

std::optional<User> UsersRepository::find_by_username(std::string_view username) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectByUsername, {username});
  if (rows.empty()) return std::nullopt;
  User user;
  user.id = rows.integer(0, 0);
  user.username = rows.text(0, 1);
  user.password_hash = rows.text(0, 2);
  user.email = rows.text(0, 3);
  user.first_name = rows.text(0, 4);
  user.last_name = rows.text(0, 5);
  user.is_active = rows.boolean(0, 6);
  user.is_staff = rows.boolean(0, 7);
  user.is_superuser = rows.boolean(0, 8);
  if (!rows.is_null(0, 9)) {
    user.last_login = db::from_db_text(rows.text(0, 9));
    if (!user.last_login)
      throw db::Error("user " + user.username + " has an unreadable last_login");
  }
  const auto joined = db::from_db_text(rows.text(0, 10));
  if (!joined) throw db::Error("user " + user.username + " has an unreadable date_joined");
  user.date_joined = *joined;
  return user;
}

constexpr std::string_view kExists = "SELECT 1 FROM auth_user WHERE username = $1";

// TRUE/FALSE literals: both SQLite (3.23+, stored as 1) and PostgreSQL accept them.
constexpr std::string_view kInsertSuperuser =
    "INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, "
    "email, is_staff, is_active, date_joined) "
    "VALUES ($1, NULL, TRUE, $2, '', '', $3, TRUE, TRUE, $4) RETURNING id";

std::int64_t UsersRepository::create_superuser(std::string_view username, std::string_view email,
                                               std::string_view password_hash, db::Timestamp now) {
  const std::string joined = db::to_db_text(now);
  auto session = database_.write();
  db::Transaction transaction(*session);
  if (!session->query(kExists, {username}).empty()) {
    throw UsernameTaken("That username is already taken.");
  }
  const db::Rows rows =
      session->query(kInsertSuperuser, {password_hash, username, email, std::string_view(joined)});
  transaction.commit();
  return rows.integer(0, 0);
}

constexpr std::string_view kSetPassword = "UPDATE auth_user SET password = $1 WHERE id = $2";

bool UsersRepository::set_password(std::int64_t user_id, std::string_view password_hash) {
  auto session = database_.write();
  return session->execute(kSetPassword, {password_hash, user_id}) == 1;
}

}  // namespace polls::admin
