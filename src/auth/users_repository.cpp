// SQL for auth_user: see users.hpp.
#include "auth/users_repository.hpp"

namespace polls::auth {

bool valid_username(std::string_view username) {
  if (username.empty() || username.size() > 150) return false;
  for (const char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '@' || c == '.' || c == '+' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

namespace {

User user_from(const db::Rows& rows) {
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
  user.last_login = rows.optional_timestamp(0, 9);
  user.date_joined = rows.timestamp(0, 10);
  return user;
}

}  // namespace

constexpr std::string_view kSelectByUsername =
    "SELECT id, username, password, email, first_name, last_name, is_active, is_staff, "
    "is_superuser, last_login, date_joined FROM auth_user WHERE username = $1";

std::optional<User> UsersRepository::find_by_username(std::string_view username) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectByUsername, {username});
  if (rows.empty()) return std::nullopt;
  return user_from(rows);
}

constexpr std::string_view kSelectById =
    "SELECT id, username, password, email, first_name, last_name, is_active, is_staff, "
    "is_superuser, last_login, date_joined FROM auth_user WHERE id = $1";

std::optional<User> UsersRepository::find_by_id(std::int64_t id) {
  auto session = database_.read();
  const db::Rows rows = session->query(kSelectById, {id});
  if (rows.empty()) return std::nullopt;
  return user_from(rows);
}

constexpr std::string_view kRecordLogin = "UPDATE auth_user SET last_login = $1 WHERE id = $2";

void UsersRepository::record_login(std::int64_t user_id, db::Timestamp now) {
  auto session = database_.write();
  session->execute(kRecordLogin, {now, user_id});
}

// Django's ModelBackend: the user's own permissions and those of the user's groups.
constexpr std::string_view kQuestionPermissions =
    "SELECT p.codename FROM auth_permission p "
    "JOIN django_content_type t ON t.id = p.content_type_id "
    "WHERE t.app_label = 'polls' AND t.model = 'question' AND ("
    "p.id IN (SELECT permission_id FROM auth_user_user_permissions WHERE user_id = $1) OR "
    "p.id IN (SELECT gp.permission_id FROM auth_group_permissions gp "
    "JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = $1))";

std::vector<std::string> UsersRepository::question_permissions(std::int64_t user_id) {
  auto session = database_.read();
  const db::Rows rows = session->query(kQuestionPermissions, {user_id});
  std::vector<std::string> codenames;
  for (std::size_t i = 0; i < rows.size(); ++i) codenames.push_back(rows.text(i, 0));
  return codenames;
}

constexpr std::string_view kExists = "SELECT 1 FROM auth_user WHERE username = $1";

// TRUE/FALSE literals: both SQLite (3.23+, stored as 1) and PostgreSQL accept them.
constexpr std::string_view kInsertSuperuser =
    "INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, "
    "email, is_staff, is_active, date_joined) "
    "VALUES ($1, NULL, TRUE, $2, '', '', $3, TRUE, TRUE, $4) RETURNING id";

std::int64_t UsersRepository::create_superuser(std::string_view username, std::string_view email,
                                               std::string_view password_hash, db::Timestamp now) {
  auto session = database_.write();
  db::Transaction transaction(*session);
  if (!session->query(kExists, {username}).empty()) {
    throw UsernameTaken("That username is already taken.");
  }
  const db::Rows rows = session->query(kInsertSuperuser, {password_hash, username, email, now});
  transaction.commit();
  return rows.integer(0, 0);
}

constexpr std::string_view kSetPassword = "UPDATE auth_user SET password = $1 WHERE id = $2";

bool UsersRepository::set_password(std::int64_t user_id, std::string_view password_hash) {
  auto session = database_.write();
  return session->execute(kSetPassword, {password_hash, user_id}) == 1;
}

}  // namespace polls::auth
