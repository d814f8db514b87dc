// Tests for security/hmac: RFC 4231 vectors, SHA-256, hex and constant-time comparison.
#include "security/hmac.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using polls::security::constant_time_equals;
using polls::security::hex;
using polls::security::hmac_sha256;
using polls::security::sha256_hex;

TEST_CASE("hmac_sha256 matches the RFC 4231 test vectors") {
  struct Vector {
    std::string key;
    std::string data;
    std::string expected;
  };
  std::string key4;
  for (int i = 1; i <= 25; ++i) key4.push_back(static_cast<char>(i));
  const Vector vectors[] = {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {key4, std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const auto& v : vectors) {
    CAPTURE(v.data);
    const std::string mac = hmac_sha256(v.key, v.data);
    CHECK(mac.size() == 32);
    CHECK(hex(mac) == v.expected);
  }
  SUBCASE("test case 5 truncated to 128 bits") {
    const std::string mac = hmac_sha256(std::string(20, '\x0c'), "Test With Truncation");
    CHECK(hex(mac).substr(0, 32) == "a3b6167473100ee06e0c796c2955552b");
  }
}

TEST_CASE(
    "hmac_sha256 keeps its answers when the same key signs again, keys change between "
    "calls, and threads sign at once (each thread keeps a keyed context)") {
  const std::string jefe = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  const std::string hi = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
  const std::string empty = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
  std::atomic<int> wrong{0};
  const auto sign_in_turns = [&] {
    for (int i = 0; i < 200; ++i) {
      if (hex(hmac_sha256("Jefe", "what do ya want for nothing?")) != jefe) ++wrong;
      if (i % 3 == 0 && hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) != hi) ++wrong;
      if (i % 7 == 0 && hex(hmac_sha256("", "")) != empty) ++wrong;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back(sign_in_turns);
  sign_in_turns();
  for (auto& thread : threads) thread.join();
  CHECK(wrong.load() == 0);
}

TEST_CASE("hmac_sha256 accepts an empty key and an empty message") {
  CHECK(hex(hmac_sha256("", "")) ==
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST_CASE("sha256_hex gives the FIPS 180-2 digests") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("hex writes two lowercase digits per byte") {
  CHECK(hex("") == "");
  CHECK(hex(std::string("\x00\x0f\xa0\xff", 4)) == "000fa0ff");
}

TEST_CASE("constant_time_equals compares bytes and lengths") {
  CHECK(constant_time_equals("", ""));
  CHECK(constant_time_equals("secret", "secret"));
  CHECK_FALSE(constant_time_equals("secret", "secreT"));
  CHECK_FALSE(constant_time_equals("secret", "secret "));
  CHECK_FALSE(constant_time_equals("", "x"));
  CHECK(constant_time_equals(std::string("a\0b", 3), std::string("a\0b", 3)));
  CHECK_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
}
