// Templates: partials inlined at load, HTML escaping, clear errors for broken templates.
#include "render/templates.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

using polls::render::Data;
using polls::render::inline_partials;
using polls::render::TemplateError;
using polls::render::Templates;

namespace {

// A throwaway assets folder with the given templates.
class TemplateFolder {
 public:
  explicit TemplateFolder(std::initializer_list<std::pair<std::string, std::string>> files) {
    for (const auto& [name, text] : files) {
      const auto path = root_ / "templates" / name;
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path) << text;
    }
  }
  std::string path() const { return root_.path().string(); }

 private:
  polls::testing::TempDir root_{"polls-tpl"};
};

}  // namespace

TEST_CASE("partials are inlined, nested ones too") {
  const auto read = [](std::string_view name) -> std::optional<std::string> {
    if (name == "a.html") return "A{{>b}}";
    if (name == "b.html") return "B";
    return std::nullopt;
  };
  CHECK(inline_partials("<{{>a}}|{{> b }}>", read) == "<AB|B>");
  CHECK_THROWS_AS(inline_partials("{{>missing}}", read), TemplateError);
  const auto loop = [](std::string_view) -> std::optional<std::string> { return "{{>self}}"; };
  CHECK_THROWS_AS(inline_partials("{{>self}}", loop), TemplateError);
}

TEST_CASE("the embedded templates all compile") {
  polls::assets::AssetSource embedded;
  Templates templates(embedded);
  CHECK_NOTHROW(templates.compile_all());
}

TEST_CASE("values are HTML-escaped, quotes included") {
  TemplateFolder folder({{"t.html", "<p title=\"{{v}}\">{{v}}</p>"}});
  polls::assets::AssetSource source(folder.path());
  Templates templates(source);
  Data data;
  data.set("v", "<script>\"x\" & 'y'</script>");
  CHECK(templates.render("t.html", data) ==
        "<p title=\"&lt;script&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/script&gt;\">"
        "&lt;script&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/script&gt;</p>");
}

TEST_CASE("a broken template stops the start with its name") {
  TemplateFolder folder({{"ok.html", "fine"}, {"bad.html", "{{#open}} never closed"}});
  polls::assets::AssetSource source(folder.path());
  CHECK_THROWS_WITH_AS(Templates{source}, doctest::Contains("bad.html"), TemplateError);
}

TEST_CASE("rendering many times from several threads gives the same page") {
  polls::assets::AssetSource embedded;
  Templates templates(embedded);
  Data data;
  data.set("title", "T");
  data.set("has_questions", false);
  data.set("latest_question_list", polls::render::List{});
  const std::string first = templates.render("polls/index.html", data);
  CHECK(first.find("No polls are available.") != std::string::npos);
  std::vector<std::thread> threads;
  std::atomic<int> same{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) same += templates.render("polls/index.html", data) == first;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(same == 200);
}

TEST_CASE("an unknown template name is an error, not an empty page") {
  polls::assets::AssetSource embedded;
  Templates templates(embedded);
  CHECK_THROWS_AS(templates.render("nope.html", Data{}), TemplateError);
}
