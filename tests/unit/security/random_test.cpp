// Tests for security/random: lengths, alphabets and the rough uniformity of random tokens.
#include "security/random.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using polls::security::kAlnum;
using polls::security::random_bytes;
using polls::security::random_token;

TEST_CASE("kAlnum is Django's RANDOM_STRING_CHARS: 62 distinct letters and digits") {
  CHECK(kAlnum.size() == 62);
  CHECK(std::set<char>(kAlnum.begin(), kAlnum.end()).size() == 62);
  CHECK(kAlnum.substr(0, 3) == "abc");
  CHECK(kAlnum.substr(26, 3) == "ABC");
  CHECK(kAlnum.substr(52) == "0123456789");
}

TEST_CASE("random_bytes returns as many bytes as asked, different each time") {
  CHECK(random_bytes(0).empty());
  CHECK(random_bytes(1).size() == 1);
  const std::string a = random_bytes(32);
  const std::string b = random_bytes(32);
  CHECK(a.size() == 32);
  CHECK(a != b);
}

TEST_CASE(
    "small draws (served from a per-thread block) never repeat, across block refills, "
    "threads, and sizes that straddle a block's end") {
  std::set<std::string> seen;
  std::size_t drawn = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::size_t n = 16 + static_cast<std::size_t>(i % 7) * 37;  // 16 to 238 bytes
    const std::string bytes = random_bytes(n);
    REQUIRE(bytes.size() == n);
    seen.insert(bytes.substr(0, 16));
    drawn += n;
  }
  CHECK(drawn > 4 * 4096);  // several refills
  CHECK(seen.size() == 2000);
  // Large draws go straight to the generator.
  CHECK(random_bytes(100000).size() == 100000);
  std::set<std::string> from_threads;
  std::mutex mutex;
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        std::string bytes = random_bytes(16);
        const std::lock_guard lock(mutex);
        from_threads.insert(std::move(bytes));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(from_threads.size() == 1200);
}

TEST_CASE(
    "after a fork, parent and child do not draw the same bytes from a block filled before "
    "it") {
  random_bytes(16);  // this thread's block is filled now
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const std::string drawn = random_bytes(16);
    const ssize_t written = ::write(pipe_fds[1], drawn.data(), drawn.size());
    ::_exit(written == 16 ? 0 : 1);
  }
  const std::string parent = random_bytes(16);
  std::string from_child(16, '\0');
  const ssize_t got = ::read(pipe_fds[0], from_child.data(), from_child.size());
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  REQUIRE(got == 16);
  CHECK(WIFEXITED(status));
  CHECK(from_child != parent);
}

TEST_CASE("random_token draws only from its alphabet, at the length asked") {
  SUBCASE("the default alphabet is kAlnum") {
    const std::string token = random_token(1000);
    CHECK(token.size() == 1000);
    CHECK(token.find_first_not_of(kAlnum) == std::string::npos);
  }
  SUBCASE("a custom alphabet") {
    const std::string token = random_token(500, "ab");
    CHECK(token.size() == 500);
    CHECK(token.find_first_not_of("ab") == std::string::npos);
    CHECK(token.find('a') != std::string::npos);
    CHECK(token.find('b') != std::string::npos);
  }
  SUBCASE("a one-character alphabet") { CHECK(random_token(5, "x") == "xxxxx"); }
  SUBCASE("zero length") { CHECK(random_token(0).empty()); }
}

TEST_CASE("random_token refuses an empty or oversized alphabet") {
  CHECK_THROWS_AS(random_token(8, ""), std::invalid_argument);
  CHECK_THROWS_AS(random_token(8, std::string(257, 'a')), std::invalid_argument);
}

TEST_CASE("random_token does not favour the first characters of kAlnum") {
  // With byte % 62 and no rejection, the first 8 characters would come up 5/4 as often as the
  // rest: 62,000 draws put them near 1,210 each instead of 1,000 (sigma ~32 for one character,
  // ~11 for the mean of eight), so these bounds catch the bias and never a fair draw.
  std::array<int, 62> counts{};
  const std::string token = random_token(62000);
  for (const char c : token) ++counts[kAlnum.find(c)];
  int first8 = 0;
  for (int i = 0; i < 8; ++i) first8 += counts[i];
  CHECK(first8 / 8 > 850);
  CHECK(first8 / 8 < 1150);
  for (const int n : counts) CHECK(n > 800);
}
