// Tests for security/password: hashes made by Django 3.2.25 (Debian 12's python3-django) verify
// here and ours verify in Django, old hashes ask for an upgrade, garbage never verifies, and the
// new-password checks give Django's messages.
#include "security/password.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "security/random.hpp"

namespace sec = polls::security;

namespace {

// Iterations for tests that need a hash but not the real work factor, to keep the suite fast.
constexpr int kFast = 1000;

}  // namespace

TEST_CASE("verify_password accepts hashes made by Django") {
  struct Vector {
    std::string password;
    std::string encoded;
  };
  // From Django 3.2.25: PBKDF2PasswordHasher().encode(password, salt, iterations), or
  // make_password(password, salt=...) for Django's default 260,000.
  const Vector vectors[] = {
      {"correct horse",
       "pbkdf2_sha256$260000$abcdefghijklmnopqrstuv$c0Gs4T06doL7Px9MpUmUrfSiTwF30MbvoG4+XGm+zkQ="},
      {"correct horse battery staple",
       "pbkdf2_sha256$600000$Q8xv3ZpL0mRkT2aWc9YbNe$dZBSXhu83o+C7CyTb5cCOAcJyaIMslSJ5Jz3B+e249Q="},
      {"pässwörd ✓ 日本",
       "pbkdf2_sha256$1000$u7CkWq1ZrT5sLx0PbNa3Yd$feYBodXKvZ9MGqd6xl5dM8bTNs4p171XRVNx9GKQJZA="},
      {"s3cret!",
       "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM="},
      {"",
       "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$RYI2kg+XMHnh/5QBulQZGVRkcNfg3pvxiuuhT3cyFrs="},
      {"s3cret!", "pbkdf2_sha256$1000$sälz$ip5Me8pRn7t6mArsiyyEonfbIB41EiN4sGm+Vz+vhoo="},
      {"password", "pbkdf2_sha256$1$x$j4156VDHggx8s/tzj8zWKrrDUCE6e40DKrgVqkqSnDg="},
  };
  for (const auto& v : vectors) {
    CAPTURE(v.encoded);
    CHECK(sec::verify_password(v.password, v.encoded).ok);
    CHECK_FALSE(sec::verify_password(v.password + "x", v.encoded, kFast).ok);
    // And our encoder gives Django's very string from the same inputs.
    const auto parsed = sec::parse_password_hash(v.encoded);
    REQUIRE(parsed);
    CHECK(sec::encode_password_hash(v.password, parsed->salt, parsed->iterations) == v.encoded);
  }
}

TEST_CASE("Django accepts hashes made here") {
  // Made by hash_password("polls admin ✓ 2024") and hash_password(..., 1000), then checked with
  // Django 3.2.25: check_password() is True for "polls admin ✓ 2024" and False for
  // "polls admin ✓ 2025"; identify_hasher() names pbkdf2_sha256.
  const std::string made_here[] = {
      "pbkdf2_sha256$600000$J7mPWBlevZ64wAx1oG4Tlv$Z1j2fCZF5e20el3UGEfkof/sZlnhx43ErAS66oy24FY=",
      "pbkdf2_sha256$1000$MXiWIyfOHg8McyTUTKjFey$yiwD6tjqwXK8C7WxZTYAXWhFvNyhGYPcC5CBh5bjCRs=",
  };
  for (const auto& encoded : made_here) {
    CAPTURE(encoded);
    const auto check = sec::verify_password("polls admin ✓ 2024", encoded, kFast);
    CHECK(check.ok);
    CHECK_FALSE(check.needs_upgrade);
    CHECK_FALSE(sec::verify_password("polls admin ✓ 2025", encoded, kFast).ok);
  }
}

TEST_CASE("old hashes verify and ask for an upgrade") {
  SUBCASE("Django 3.2's default of 260,000 iterations") {
    const auto check = sec::verify_password(
        "correct horse",
        "pbkdf2_sha256$260000$abcdefghijklmnopqrstuv$c0Gs4T06doL7Px9MpUmUrfSiTwF30MbvoG4+XGm+zkQ=");
    CHECK(check.ok);
    CHECK(check.needs_upgrade);
  }
  SUBCASE("kPasswordIterations needs none") {
    const auto check = sec::verify_password(
        "correct horse battery staple",
        "pbkdf2_sha256$600000$Q8xv3ZpL0mRkT2aWc9YbNe$dZBSXhu83o+C7CyTb5cCOAcJyaIMslSJ5Jz3B+e249Q=");
    CHECK(check.ok);
    CHECK_FALSE(check.needs_upgrade);
  }
  SUBCASE("a short salt, as Django made before 3.2 (Django: 21 characters are under 128 bits)") {
    const auto check = sec::verify_password(
        "s3cret!",
        "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sY$M1Qwi+TJc2ZAw1PPyCHjtNy0VW5FbQNppDI9NHMlv8A=",
        kFast);
    CHECK(check.ok);
    CHECK(check.needs_upgrade);
    const auto django_22 = sec::verify_password(
        "s3cret!",
        "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        kFast);
    CHECK(django_22.ok);
    CHECK_FALSE(django_22.needs_upgrade);
  }
  SUBCASE("pbkdf2_sha1 verifies but always asks for sha256") {
    const auto check = sec::verify_password(
        "s3cret!", "pbkdf2_sha1$1000$QmZ9xR2tLw7pKc4VbN8sYa$FbkRZ4ghayGZyhyK4aNyPRwvVVk=", kFast);
    CHECK(check.ok);
    CHECK(check.needs_upgrade);
    CHECK_FALSE(sec::verify_password(
                    "s3cret?",
                    "pbkdf2_sha1$1000$QmZ9xR2tLw7pKc4VbN8sYa$FbkRZ4ghayGZyhyK4aNyPRwvVVk=", kFast)
                    .ok);
  }
  SUBCASE("more iterations than ours are left alone") {
    const std::string encoded = sec::hash_password("pw", 2 * kFast);
    const auto check = sec::verify_password("pw", encoded, kFast);
    CHECK(check.ok);
    CHECK_FALSE(check.needs_upgrade);
  }
  SUBCASE("a wrong password never asks for an upgrade") {
    CHECK_FALSE(
        sec::verify_password(
            "wrong", "pbkdf2_sha256$1$x$j4156VDHggx8s/tzj8zWKrrDUCE6e40DKrgVqkqSnDg=", kFast)
            .needs_upgrade);
  }
}

TEST_CASE("hash_password makes Django-shaped hashes with fresh salts") {
  SUBCASE("at kPasswordIterations by default") {
    const std::string encoded = sec::hash_password("correct horse");
    const auto parsed = sec::parse_password_hash(encoded);
    REQUIRE(parsed);
    CHECK(parsed->algorithm == "pbkdf2_sha256");
    CHECK(parsed->iterations == sec::kPasswordIterations);
    CHECK(encoded.rfind("pbkdf2_sha256$600000$", 0) == 0);
    CHECK(encoded.size() == 88);  // fits auth_user.password, varchar(128)
    const auto check = sec::verify_password("correct horse", encoded);
    CHECK(check.ok);
    CHECK_FALSE(check.needs_upgrade);
  }
  SUBCASE("salts are 22 alphanumerics, different each time") {
    const std::string a = sec::hash_password("same", kFast);
    const std::string b = sec::hash_password("same", kFast);
    CHECK(a != b);
    const auto parsed = sec::parse_password_hash(a);
    REQUIRE(parsed);
    CHECK(parsed->salt.size() == 22);
    CHECK(parsed->salt.find_first_not_of(sec::kAlnum) == std::string_view::npos);
    CHECK(parsed->hash.size() == 44);
    CHECK(sec::verify_password("same", a, kFast).ok);
    CHECK(sec::verify_password("same", b, kFast).ok);
  }
  SUBCASE("passwords differing in one byte, in length or after a NUL do not match") {
    const std::string encoded = sec::hash_password(std::string("pass\0word", 9), kFast);
    CHECK(sec::verify_password(std::string("pass\0word", 9), encoded, kFast).ok);
    CHECK_FALSE(sec::verify_password("pass", encoded, kFast).ok);
    CHECK_FALSE(sec::verify_password(std::string("pass\0worD", 9), encoded, kFast).ok);
  }
  SUBCASE("iterations out of range are a programming error") {
    CHECK_THROWS_AS(sec::hash_password("pw", 0), std::invalid_argument);
    CHECK_THROWS_AS(sec::hash_password("pw", sec::kMaxPasswordIterations + 1),
                    std::invalid_argument);
    CHECK_THROWS_AS(sec::encode_password_hash("pw", "", kFast), std::invalid_argument);
    CHECK_THROWS_AS(sec::encode_password_hash("pw", "a$b", kFast), std::invalid_argument);
    CHECK_THROWS_AS(sec::verify_password("pw", "x", 0), std::invalid_argument);
  }
}

TEST_CASE("garbage, unusable and foreign hashes never verify and never throw") {
  const std::string good =
      "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=";
  REQUIRE(sec::verify_password("s3cret!", good, kFast).ok);
  const auto refused = [](const std::string& encoded) {
    CAPTURE(encoded);
    sec::PasswordCheck check{true, true};
    CHECK_NOTHROW(check = sec::verify_password("s3cret!", encoded, kFast));
    CHECK_FALSE(check.ok);
    CHECK_FALSE(check.needs_upgrade);
  };

  SUBCASE("what parse_password_hash refuses") {
    const std::string unparsable[] = {
        "",
        "$",
        "$$$",
        "pbkdf2_sha256$",
        "pbkdf2_sha256$1000$",
        "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa",
        "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$",
        "pbkdf2_sha256$1000$$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$abc$salt$hash",
        // Spellings of 1000 that Python's int() reads but Django's re-encoding does not match.
        "pbkdf2_sha256$01000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$+1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$ 1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$1_000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        // Out of range: none, negative, and absurd counts that would hold a thread for minutes.
        "pbkdf2_sha256$0$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$-1$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$10000001$s$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$2147483648$s$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha256$99999999999999999999$s$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        // Django's set_unusable_password(), and the unusable form of a real hash.
        "!KiRKNCfe3KdWRCiKf9pUouyzXq5mKoNaeUE1VDz7",
        "!" + good,
        // Algorithms Django knows and we do not; the uppercase name is not ours either.
        "argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$Zm9vYmFyYmF6",
        "bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuu5J5Y9u5XoCrHq0B1wRhFoCSF3o5aXIe",
        "PBKDF2_SHA256$1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "sha1$salt$0123456789abcdef0123456789abcdef01234567",
        "5f4dcc3b5aa765d61d8327deb882cf99",
        std::string("pbkdf2_sha256\0$1000$s$h", 23),
    };
    for (const auto& encoded : unparsable) {
      CAPTURE(encoded);
      CHECK_FALSE(sec::parse_password_hash(encoded).has_value());
      refused(encoded);
    }
  }
  SUBCASE("well-formed but not the hash: Django refuses these too") {
    const std::string mismatched[] = {
        "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$not*base64!",
        "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM",
        good + "\n",
        good + "$x",
        "pbkdf2_sha256$1000$QmZ9xR2tLw7pKc4VbN8sYa$" + std::string(44, 'A'),
        "pbkdf2_sha256$1001$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
        "pbkdf2_sha1$1000$QmZ9xR2tLw7pKc4VbN8sYa$1NNzAI+SZkDbOJbxxuBrEPPemJQhZCFgJYWUSAqhdzM=",
    };
    for (const auto& encoded : mismatched) {
      CAPTURE(encoded);
      CHECK(sec::parse_password_hash(encoded).has_value());
      refused(encoded);
    }
  }
  SUBCASE("the default work factor for garbage, once") {
    CHECK_FALSE(sec::verify_password("s3cret!", "!unusable").ok);
  }
}

TEST_CASE("parse_password_hash takes a hash apart as Django's decode does") {
  const auto parsed = sec::parse_password_hash(
      "pbkdf2_sha256$260000$abcdefghijklmnopqrstuv$c0Gs4T06doL7Px9MpUmUrfSiTwF30MbvoG4+XGm+zkQ=");
  REQUIRE(parsed);
  CHECK(parsed->algorithm == "pbkdf2_sha256");
  CHECK(parsed->iterations == 260000);
  CHECK(parsed->salt == "abcdefghijklmnopqrstuv");
  CHECK(parsed->hash == "c0Gs4T06doL7Px9MpUmUrfSiTwF30MbvoG4+XGm+zkQ=");
  CHECK(sec::parse_password_hash("pbkdf2_sha256$10000000$s$h")->iterations ==
        sec::kMaxPasswordIterations);
  CHECK(sec::parse_password_hash("pbkdf2_sha1$1$s$h")->algorithm == "pbkdf2_sha1");
  CHECK(sec::parse_password_hash("pbkdf2_sha256$1$s$h$more")->hash == "h$more");
}

TEST_CASE("burn_password_time computes a whole hash of the iterations it is given") {
  // A valid hash of the password at exactly that many iterations cannot be had without the work.
  for (const int iterations : {1, 1000, 25000}) {
    for (const std::string_view password : {"", "someone's guess"}) {
      INFO(iterations, " ", password);
      const std::string burned = sec::burn_password_time(password, iterations);
      const auto parsed = sec::parse_password_hash(burned);
      REQUIRE(parsed);
      CHECK(parsed->algorithm == "pbkdf2_sha256");
      CHECK(parsed->iterations == iterations);
      CHECK(sec::verify_password(password, burned, iterations).ok);
      CHECK_FALSE(sec::verify_password("another guess", burned, iterations).ok);
      CHECK(burned == sec::encode_password_hash(password, parsed->salt, iterations));
    }
  }
  // What a login for an unknown user burns by default: the iterations of a new hash.
  CHECK(sec::parse_password_hash(sec::burn_password_time("x"))->iterations ==
        sec::kPasswordIterations);
}

TEST_CASE("password_problem gives Django's validator messages") {
  struct Case {
    std::string password;
    std::string username;
    std::optional<std::string> expected;
  };
  const std::string kShort = "This password is too short. It must contain at least 8 characters.";
  const std::string kNumeric = "This password is entirely numeric.";
  const std::string kSimilar = "The password is too similar to the username.";
  // Each expectation is what Django 3.2.25's validate_password said with the similarity,
  // minimum length and numeric validators of a new project's settings.
  const Case cases[] = {
      {"correct horse", "admin", std::nullopt},
      {"Administrator", "admin", std::nullopt},
      {"short", "admin", kShort},
      {"", "admin", kShort},
      {"12345678", "admin", kNumeric},
      {"1234", "admin", kShort + "\n" + kNumeric},
      {"admin", "admin", kSimilar + "\n" + kShort},
      {"ADMIN123", "admin", kSimilar},
      {"jane.doe99", "jane.doe", kSimilar},
      {"doe-jane", "jane.doe", kSimilar},
      {"xjanex12", "jane.doe", std::nullopt},
      {"jjjjjjjjjjjjjjjjjjjjj", "j", std::nullopt},
      {"pässwört", "pässwort", kSimilar},
      {"ab", "a", kShort},
      {"日本語のパスワード", "admin", std::nullopt},  // 9 characters, 27 bytes
      {"日本語のパス", "admin", kShort},              // 6 characters, 18 bytes
      {"polls-admin", "polls", std::nullopt},
      {"mypollsadmin", "polls", std::nullopt},
      {"whatever1", "", std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.password);
    CAPTURE(c.username);
    CHECK(sec::password_problem(c.password, c.username) == c.expected);
  }
}
