// The session store on polls_session, on SQLite and (the [postgres] copies) PostgreSQL: keys,
// lookup, expiry on an injected clock, the auth hash replaced on a password change (other
// sessions end), one-time messages, removal; and polls::auth::session_auth_hash.
#include "auth/sessions_repository.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "auth/users_repository.hpp"
#include "db/datetime.hpp"
#include "support/test_database.hpp"

using polls::auth::looks_like_session_key;
using polls::auth::session_auth_hash;
using polls::auth::SessionsRepository;
using std::chrono::seconds;

namespace {

const polls::db::Timestamp kStart = *polls::db::from_db_text("2026-11-25 10:00:00");
constexpr seconds kAge{3600};

// A user for sessions to belong to (polls_session.user_id references auth_user).
std::int64_t add_user(polls::db::Database& database, std::string_view username) {
  return polls::auth::UsersRepository(database).create_superuser(username, "", "x$1$s$h", kStart);
}

}  // namespace

TEST_CASE("sessions: a new session is found by its key until it expires") {
  polls::testing::TestDatabase database;
  polls::auth::SessionsRepository sessions(*database);
  const auto alice = add_user(*database, "alice");
  const std::string key = sessions.create(alice, "hash-a", kStart, kAge);
  CHECK(polls::auth::looks_like_session_key(key));
  const auto found = sessions.find(key, kStart + seconds{1});
  REQUIRE(found);
  CHECK(found->user_id == alice);
  CHECK(found->auth_hash == "hash-a");
  CHECK(found->expires == kStart + kAge);
  CHECK_FALSE(found->message);
  CHECK(sessions.find(key, kStart + kAge - std::chrono::microseconds{1}));
  CHECK_FALSE(sessions.find(key, kStart + kAge));  // expired at its expiry, not after
  CHECK_FALSE(sessions.find(key, kStart + kAge + seconds{1}));
}

TEST_CASE("sessions: each login gets a key of its own, and unknown or malformed keys find none") {
  polls::testing::TestDatabase database;
  polls::auth::SessionsRepository sessions(*database);
  const auto alice = add_user(*database, "alice");
  const std::string first = sessions.create(alice, "h", kStart, kAge);
  const std::string second = sessions.create(alice, "h", kStart, kAge);
  CHECK(first != second);
  CHECK(sessions.find(first, kStart));
  CHECK(sessions.find(second, kStart));
  std::string other = first;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  CHECK_FALSE(sessions.find(other, kStart));
  CHECK_FALSE(sessions.find(first.substr(1), kStart));
  CHECK_FALSE(sessions.find(first + "x", kStart));
  CHECK_FALSE(sessions.find("", kStart));
  CHECK_FALSE(polls::auth::looks_like_session_key(std::string(31, 'a') + "-"));
  CHECK(polls::auth::looks_like_session_key(std::string(32, 'Z')));
}

TEST_CASE("sessions: creating one removes the expired sessions of every user") {
  polls::testing::TestDatabase database;
  polls::auth::SessionsRepository sessions(*database);
  const auto alice = add_user(*database, "alice");
  const auto bob = add_user(*database, "bob");
  const std::string short_lived = sessions.create(alice, "h", kStart, seconds{10});
  const std::string long_lived = sessions.create(alice, "h", kStart, kAge);
  sessions.create(bob, "h", kStart + seconds{20}, kAge);
  // Asked about a moment it was valid, the short-lived one is gone from the table.
  CHECK_FALSE(sessions.find(short_lived, kStart + seconds{5}));
  CHECK(sessions.find(long_lived, kStart + seconds{5}));
}

TEST_CASE("sessions: a new auth hash keeps this session and ends the user's others") {
  polls::testing::TestDatabase database;
  polls::auth::SessionsRepository sessions(*database);
  const auto alice = add_user(*database, "alice");
  const auto bob = add_user(*database, "bob");
  const std::string here = sessions.create(alice, "old", kStart, kAge);
  const std::string elsewhere = sessions.create(alice, "old", kStart, kAge);
  const std::string bobs = sessions.create(bob, "bob's", kStart, kAge);
  sessions.replace_auth_hash(here, alice, "new");
  const auto kept = sessions.find(here, kStart);
  REQUIRE(kept);
  CHECK(kept->auth_hash == "new");
  CHECK(kept->expires == kStart + kAge);
  CHECK_FALSE(sessions.find(elsewhere, kStart));
  const auto untouched = sessions.find(bobs, kStart);
  REQUIRE(untouched);
  CHECK(untouched->auth_hash == "bob's");
}

TEST_CASE("sessions: a message is kept for the next page and cleared with an empty one") {
  polls::testing::TestDatabase database;
  polls::auth::SessionsRepository sessions(*database);
  const auto alice = add_user(*database, "alice");
  const std::string key = sessions.create(alice, "h", kStart, kAge);
  const std::string other = sessions.create(alice, "h", kStart, kAge);
  sessions.set_message(key, "The question was added.");
  CHECK(sessions.find(key, kStart)->message == "The question was added.");
  CHECK_FALSE(sessions.find(other, kStart)->message);
  sessions.set_message(key, "");
  CHECK_FALSE(sessions.find(key, kStart)->message);
}

TEST_CASE("sessions: a removed session is not found, and the user's others stay") {
  polls::testing::TestDatabase database;
  polls::auth::SessionsRepository sessions(*database);
  const auto alice = add_user(*database, "alice");
  const std::string key = sessions.create(alice, "h", kStart, kAge);
  const std::string other = sessions.create(alice, "h", kStart, kAge);
  sessions.remove(key);
  CHECK_FALSE(sessions.find(key, kStart));
  CHECK(sessions.find(other, kStart));
  sessions.remove(key);  // twice: nothing happens
  CHECK(sessions.find(other, kStart));
}

TEST_SUITE("sqlite_only") {
  TEST_CASE("polls::auth::session_auth_hash depends on the secret key and on the password hash") {
    const std::string hash = polls::auth::session_auth_hash("secret", "pbkdf2_sha256$1$s$h");
    CHECK(hash.size() == 64);
    CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(hash == polls::auth::session_auth_hash("secret", "pbkdf2_sha256$1$s$h"));
    CHECK(hash != polls::auth::session_auth_hash("other secret", "pbkdf2_sha256$1$s$h"));
    CHECK(hash != polls::auth::session_auth_hash("secret", "pbkdf2_sha256$1$s$h2"));
  }
}
