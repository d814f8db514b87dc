// The page cache on its own: what it serves for a version and a time, the CSRF gap, its bound.
#include "web/page_cache.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

// No database here: run on SQLite only (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::db::Timestamp;
using polls::web::PageCache;

namespace {

const Timestamp kT0{std::chrono::seconds(1'800'000'000)};

std::string served(const PageCache::Page& page, std::string_view token = "") {
  httplib::Response res;
  PageCache::serve(page, token, res);
  return res.body;
}

}  // namespace

TEST_CASE("a page is served for its version and within its span only") {
  PageCache cache(1 << 20);
  cache.store("index", 7, {kT0, kT0 + std::chrono::hours(1)}, "<p>seven</p>");
  const auto hit = cache.find("index", 7, kT0 + std::chrono::minutes(5));
  REQUIRE(hit);
  CHECK(served(*hit) == "<p>seven</p>");
  CHECK_FALSE(cache.find("index", 8, kT0));                            // data changed since
  CHECK_FALSE(cache.find("index", 7, kT0 + std::chrono::hours(1)));    // the clock passed `until`
  CHECK_FALSE(cache.find("index", 7, kT0 - std::chrono::seconds(1)));  // before it was rendered
  CHECK_FALSE(cache.find("detail /polls/1/", 7, kT0));
  const PageCache::Stats stats = cache.stats();
  CHECK(stats.hits == 1);
  CHECK(stats.misses == 4);
  CHECK(stats.pages == 1);
}

TEST_CASE("a page rendered from an older version does not replace a newer one") {
  PageCache cache(1 << 20);
  cache.store("index", 9, {kT0}, "nine");
  cache.store("index", 8, {kT0}, "eight");  // a slow render finishing late
  CHECK_FALSE(cache.find("index", 8, kT0));
  REQUIRE(cache.find("index", 9, kT0));
  CHECK(served(*cache.find("index", 9, kT0)) == "nine");
  cache.store("index", 10, {kT0}, "ten");
  CHECK(served(*cache.find("index", 10, kT0)) == "ten");
  CHECK(cache.stats().pages == 1);
}

TEST_CASE("a form's CSRF token is cut out and each request's own filled in") {
  PageCache cache(1 << 20);
  const std::string page =
      R"(<title>name="csrfmiddlewaretoken" value="x</title><form><input type="hidden" )"
      R"(name="csrfmiddlewaretoken" value="AbC123"><button>Vote</button></form>)";
  // The title above holds text an escaped page could never hold (a raw quote): the field is
  // found by its quotes, which escaping turns into &quot;.
  const std::string escaped =
      R"(<title>name=&quot;csrfmiddlewaretoken&quot; value=&quot;x</title><form><input )"
      R"(type="hidden" name="csrfmiddlewaretoken" value="AbC123"><button>Vote</button></form>)";
  cache.store("detail", 1, {kT0}, escaped);
  const auto hit = cache.find("detail", 1, kT0);
  REQUIRE(hit);
  REQUIRE(hit->token_at != std::string::npos);
  const std::string mine = served(*hit, "Mine456");
  CHECK(mine.find(R"(name="csrfmiddlewaretoken" value="Mine456">)") != std::string::npos);
  CHECK(mine.find("AbC123") == std::string::npos);
  CHECK(served(*hit, "AbC123") == escaped);
  CHECK(polls::web::csrf_token_position(page) < polls::web::csrf_token_position(escaped));
}

TEST_CASE(
    "the cache stays within its bytes: when full every page goes, and a page too big for it "
    "is not kept") {
  PageCache cache(100);
  cache.store("a", 1, {kT0}, std::string(40, 'a'));
  cache.store("b", 1, {kT0}, std::string(40, 'b'));
  CHECK(cache.stats().pages == 2);
  CHECK(cache.stats().bytes == 82);
  cache.store("c", 1, {kT0}, std::string(40, 'c'));
  CHECK(cache.stats().pages == 1);
  CHECK(cache.stats().bytes == 41);
  CHECK_FALSE(cache.find("a", 1, kT0));
  CHECK(cache.find("c", 1, kT0));
  cache.store("d", 1, {kT0}, std::string(200, 'd'));
  CHECK_FALSE(cache.find("d", 1, kT0));
  CHECK(cache.stats().bytes <= 100);
}

TEST_CASE("a cache of 0 bytes is off: nothing kept, nothing counted") {
  PageCache cache(0);
  CHECK_FALSE(cache.enabled());
  cache.store("index", 1, {kT0}, "page");
  CHECK_FALSE(cache.find("index", 1, kT0));
  CHECK(cache.stats().misses == 0);
  CHECK(cache.stats().pages == 0);
}

TEST_CASE("a page whose span is already over is not kept") {
  PageCache cache(1 << 20);
  cache.store("index", 1, {kT0, kT0}, "page");
  CHECK(cache.stats().pages == 0);
}

TEST_SUITE_END();
