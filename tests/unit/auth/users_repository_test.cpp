// The users repository on auth_user, on SQLite and (the [postgres] copies) PostgreSQL.
#include "auth/users_repository.hpp"

#include <doctest/doctest.h>

#include "db/datetime.hpp"
#include "support/test_database.hpp"

using polls::auth::UsernameTaken;
using polls::auth::UsersRepository;

namespace {
polls::db::Timestamp at(std::string_view text) { return *polls::db::from_db_text(text); }
}  // namespace

TEST_CASE("admin users: a superuser is created active, staff and superuser, and found") {
  polls::testing::TestDatabase database;
  polls::auth::UsersRepository users(*database);
  CHECK_FALSE(users.find_by_username("alice"));
  const auto id = users.create_superuser("alice", "alice@example.org", "pbkdf2_sha256$1$s$h",
                                         at("2026-11-25 10:00:00.5"));
  const auto user = users.find_by_username("alice");
  REQUIRE(user);
  CHECK(user->id == id);
  CHECK(user->username == "alice");
  CHECK(user->email == "alice@example.org");
  CHECK(user->password_hash == "pbkdf2_sha256$1$s$h");
  CHECK(user->is_active);
  CHECK(user->is_staff);
  CHECK(user->is_superuser);
  CHECK(user->first_name.empty());
  CHECK(user->last_name.empty());
  CHECK_FALSE(user->last_login);
  CHECK(user->date_joined == at("2026-11-25 10:00:00.5"));
  CHECK_FALSE(users.find_by_username("Alice"));  // case-sensitive, as Django
}

TEST_CASE("admin users: a taken username is refused") {
  polls::testing::TestDatabase database;
  polls::auth::UsersRepository users(*database);
  users.create_superuser("bob", "", "x$1$s$h", at("2026-01-01 00:00:00"));
  CHECK_THROWS_AS(users.create_superuser("bob", "", "y$1$s$h", at("2026-01-01 00:00:00")),
                  polls::auth::UsernameTaken);
  CHECK(users.find_by_username("bob")->password_hash == "x$1$s$h");
  users.create_superuser("Bob", "", "z$1$s$h", at("2026-01-01 00:00:00"));  // other case: allowed
  CHECK(users.find_by_username("Bob")->password_hash == "z$1$s$h");
}

TEST_CASE("admin users: set_password replaces the hash of that user only") {
  polls::testing::TestDatabase database;
  polls::auth::UsersRepository users(*database);
  const auto carol = users.create_superuser("carol", "", "old", at("2026-01-01 00:00:00"));
  users.create_superuser("dave", "", "dave's", at("2026-01-01 00:00:00"));
  CHECK(users.set_password(carol, "new"));
  CHECK(users.find_by_username("carol")->password_hash == "new");
  CHECK(users.find_by_username("dave")->password_hash == "dave's");
  CHECK_FALSE(users.set_password(carol + 1000, "nobody"));
}

TEST_CASE("admin users: booleans stored false read back false") {
  polls::testing::TestDatabase database;
  polls::auth::UsersRepository users(*database);
  const auto id = users.create_superuser("erin", "", "h", at("2026-01-01 00:00:00"));
  static constexpr std::string_view kDemote =
      "UPDATE auth_user SET is_staff = FALSE, is_superuser = FALSE, is_active = TRUE WHERE id = $1";
  database->write()->execute(kDemote, {id});
  const auto user = users.find_by_username("erin");
  CHECK_FALSE(user->is_staff);
  CHECK_FALSE(user->is_superuser);
  CHECK(user->is_active);
}

TEST_CASE("admin users: Django's username rules" * doctest::test_suite("sqlite_only")) {
  using polls::auth::valid_username;
  CHECK(polls::auth::valid_username("a.b+c-d_e@f1"));
  CHECK_FALSE(polls::auth::valid_username(""));
  CHECK_FALSE(polls::auth::valid_username("with space"));
  CHECK_FALSE(polls::auth::valid_username("semi;colon"));
  CHECK(polls::auth::valid_username(std::string(150, 'a')));
  CHECK_FALSE(polls::auth::valid_username(std::string(151, 'a')));
}
