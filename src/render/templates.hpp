// Mustache templates from the assets, rendered with HTML escaping. Templates read from disk
// (assets_dir) are checked at start; the embedded ones are compiled when first rendered.
//
// kainjow's mustache renders through a non-const object and an error is sticky, so each render
// checks out a compiled copy from a small pool (one per concurrent render, not per thread), and
// a copy that failed is dropped. Partials ({{>name}}) are inlined into the template text at load,
// because the library would re-parse them on every render.
#pragma once

#include <kainjow/mustache.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "assets/source.hpp"

namespace polls::render {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Templates {
 public:
  // Loads every templates/**/*.html with its partials inlined, and compiles them all when they
  // come from disk; throws TemplateError naming each broken one.
  explicit Templates(const assets::AssetSource& source);

  // Compiles every template now (embedded ones are kept for their first renders); throws
  // TemplateError naming each broken one. The tests check the embedded templates with it.
  void compile_all();

  // Renders "polls/index.html" (a path under templates/). Throws TemplateError on failure.
  std::string render(std::string_view name, const Data& context);

 private:
  struct Compiled {
    std::string text;  // with partials inlined
    std::mutex mutex;
    std::vector<std::unique_ptr<kainjow::mustache::mustache>> idle;
  };
  std::string expand(std::string_view name, int depth) const;
  std::string render_fresh(std::string_view name, const Data& context) const;

  const assets::AssetSource& source_;
  std::map<std::string, std::unique_ptr<Compiled>, std::less<>> compiled_;
};

// Inlines {{>name}} tags with the text of templates/<name>.html; throws on a missing partial or
// on nesting deeper than a few levels (a partial that includes itself).
std::string inline_partials(std::string_view text,
                            const std::function<std::optional<std::string>(std::string_view)>& read,
                            int depth = 0);

}  // namespace polls::render
