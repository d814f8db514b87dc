// The template pool: see templates.hpp.
#include "render/templates.hpp"

#include "render/html_escape.hpp"
#include "text/trim.hpp"

namespace polls::render {

namespace {
constexpr std::string_view kFolder = "templates/";
constexpr int kMaxDepth = 8;

// A compiled template that escapes with our html_escape (same output, less work).
std::unique_ptr<kainjow::mustache::mustache> compile(const std::string& text) {
  auto tmpl = std::make_unique<kainjow::mustache::mustache>(text);
  tmpl->set_custom_escape(html_escape);
  return tmpl;
}

std::string run(kainjow::mustache::mustache& tmpl, const Data& context) {
  std::string out;
  out.reserve(4096);
  tmpl.render(context, [&out](const std::string& s) { out += s; });
  return out;
}
}  // namespace

std::string inline_partials(std::string_view text,
                            const std::function<std::optional<std::string>(std::string_view)>& read,
                            int depth) {
  if (depth > kMaxDepth)
    throw TemplateError("partials nest too deeply (a partial includes itself?)");
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = text.find("{{>", pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find("}}", open);
    if (close == std::string_view::npos) throw TemplateError("unclosed {{> tag");
    const std::string_view name = text::trim(text.substr(open + 3, close - open - 3), " ");
    const auto partial = read(std::string(name) + ".html");
    if (!partial) throw TemplateError("missing partial \"" + std::string(name) + "\"");
    out.append(text.substr(pos, open - pos));
    out += inline_partials(*partial, read, depth + 1);
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

std::string Templates::expand(std::string_view name, int depth) const {
  const auto text = source_.read(std::string(kFolder) + std::string(name));
  if (!text) throw TemplateError("no template \"" + std::string(name) + "\"");
  return inline_partials(
      *text,
      [this](std::string_view path) {
        return source_.read(std::string(kFolder) + std::string(path));
      },
      depth);
}

Templates::Templates(const assets::AssetSource& source) : source_(source) {
  std::string problems;
  for (const std::string& path : source_.list(kFolder)) {
    if (!path.ends_with(".html")) continue;
    const std::string name = path.substr(kFolder.size());
    try {
      auto compiled = std::make_unique<Compiled>();
      compiled->text = expand(name, 0);
      compiled_.emplace(name, std::move(compiled));
    } catch (const TemplateError& e) {
      problems += "\n  " + name + ": " + e.what();
    }
  }
  if (!problems.empty()) throw TemplateError("broken templates:" + problems);
  // Templates read from disk are checked now, so that a broken edit stops the start with its
  // name. The embedded ones are compiled when first rendered: they were checked when the binary
  // was tested, and compiling them all took a third of the start-up's instructions.
  if (source_.from_disk()) compile_all();
}

void Templates::compile_all() {
  std::string problems;
  for (auto& [name, compiled] : compiled_) {
    auto tmpl = compile(compiled->text);
    if (!tmpl->is_valid()) {
      problems += "\n  " + name + ": " + tmpl->error_message();
      continue;
    }
    // Templates from disk are read again at every render: their copies would never be used.
    if (source_.from_disk()) continue;
    const std::lock_guard lock(compiled->mutex);
    compiled->idle.push_back(std::move(tmpl));
  }
  if (!problems.empty()) throw TemplateError("broken templates:" + problems);
}

std::string Templates::render_fresh(std::string_view name, const Data& context) const {
  const auto tmpl = compile(expand(name, 0));
  if (!tmpl->is_valid()) throw TemplateError(std::string(name) + ": " + tmpl->error_message());
  std::string out = run(*tmpl, context);
  if (!tmpl->is_valid()) throw TemplateError(std::string(name) + ": " + tmpl->error_message());
  return out;
}

std::string Templates::render(std::string_view name, const Data& context) {
  // Live editing: read the file again on every render.
  if (source_.from_disk()) return render_fresh(name, context);

  const auto it = compiled_.find(name);
  if (it == compiled_.end()) throw TemplateError("no template \"" + std::string(name) + "\"");
  Compiled& compiled = *it->second;
  std::unique_ptr<kainjow::mustache::mustache> tmpl;
  {
    const std::lock_guard lock(compiled.mutex);
    if (!compiled.idle.empty()) {
      tmpl = std::move(compiled.idle.back());
      compiled.idle.pop_back();
    }
  }
  if (!tmpl) {
    // The first render of an embedded template, or more renders at once than copies.
    tmpl = compile(compiled.text);
    if (!tmpl->is_valid()) throw TemplateError(std::string(name) + ": " + tmpl->error_message());
  }
  std::string out = run(*tmpl, context);
  if (!tmpl->is_valid()) {
    throw TemplateError(std::string(name) + ": " + tmpl->error_message());  // the copy is dropped
  }
  const std::lock_guard lock(compiled.mutex);
  compiled.idle.push_back(std::move(tmpl));
  return out;
}

}  // namespace polls::render
