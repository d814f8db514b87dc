// Our html_escape writes exactly what kainjow's does, for every byte and for random text.
#include "render/html_escape.hpp"

#include <doctest/doctest.h>
#include <kainjow/mustache.hpp>

#include <random>
#include <string>

// Pure: run once, on SQLite's run (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::render::html_escape;

TEST_CASE("html_escape writes the five entities kainjow writes, and leaves the rest") {
  CHECK(html_escape("") == "");
  CHECK(html_escape("/polls/12/") == "/polls/12/");
  CHECK(html_escape(R"(<a href="x">Tom & Jerry's</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
  CHECK(html_escape("&&") == "&amp;&amp;");
  CHECK(html_escape(std::string("a\0b", 3)) == std::string("a\0b", 3));
}

TEST_CASE("html_escape agrees with kainjow's html_escape on every byte and on random text") {
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    CAPTURE(c);
    CHECK(html_escape(one) == kainjow::mustache::html_escape(one));
  }
  std::mt19937 random(20261205);
  const std::string alphabet = "ab <>&\"'\xc3\xa9/";
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    const auto length = random() % 40;
    for (std::size_t k = 0; k < length; ++k) text += alphabet[random() % alphabet.size()];
    CAPTURE(text);
    CHECK(html_escape(text) == kainjow::mustache::html_escape(text));
  }
}

TEST_SUITE_END();
