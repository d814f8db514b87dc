// Asset paths: embedded lookup, and no escape from the assets folder.
#include "assets/source.hpp"

#include <doctest/doctest.h>

#include "assets/embedded.hpp"

using polls::assets::AssetSource;
using polls::assets::is_safe_relative_path;

TEST_CASE("only plain relative paths are accepted") {
  CHECK(is_safe_relative_path("templates/base.html"));
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_safe_relative_path(bad));
  }
}

TEST_CASE("embedded assets are found by path, zone files are not served as assets") {
  AssetSource embedded;
  CHECK(embedded.read("static/polls/style.css").has_value());
  CHECK_FALSE(embedded.read("static/nope.css").has_value());
  CHECK(polls::assets::find_embedded("zoneinfo/Europe/Paris").has_value());
  CHECK_FALSE(embedded.read("zoneinfo/Europe/Paris").has_value());
}

TEST_CASE("the embedded table is sorted, so lookups by binary search find everything") {
  const auto files = polls::assets::embedded_files();
  for (std::size_t i = 1; i < files.size(); ++i) CHECK(files[i - 1].path < files[i].path);
  for (const auto& f : files) CHECK(polls::assets::find_embedded(f.path) == f.data);
}
