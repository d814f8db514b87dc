// Builds the Config from defaults, the TOML file, the environment and the flags, in that order,
// validating each value where it is read. The only file that includes toml++ (slow to compile).
#include "config/loader.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "config/keys.hpp"
#include "config/values.hpp"
#include "text/messages.hpp"

namespace polls::config {
namespace {

constexpr std::string_view kDefaultFile = "polls.toml";
constexpr std::string_view kConfigFileEnv = "POLLS_CONFIG";

using text::quote;

// "polls.toml:7: threads: <problem>" for a file, "threads (from POLLS_THREADS): <problem>"
// otherwise, so that every message says which key and which place to fix.
[[noreturn]] void fail(const KeySpec& key, const Source& source, std::string_view problem) {
  const std::string name(key.name);
  std::string where;
  switch (source.kind) {
    case Source::File:
      where = source.detail + ": " + name;
      break;
    case Source::Default:
      where = name + " (default)";
      break;
    case Source::Environment:
    case Source::Flag:
      where = name + " (from " + source.detail + ")";
      break;
  }
  throw ConfigError(where + ": " + std::string(problem));
}

void check_string(const KeySpec& key, std::string_view value, const Source& source,
                  const CheckContext& context) {
  if (key.check == nullptr) return;
  if (const auto problem = key.check(value, context)) fail(key, source, *problem);
}

void parse_string(LoadedConfig& out, const KeySpec& key, const ParsedString& parsed,
                  std::string_view value, const Source& source, const CheckContext& context) {
  if (const auto problem = parsed.parse(out.config, value, context)) fail(key, source, *problem);
}

// Sets a key from the text of an environment variable or a flag.
void apply_text(LoadedConfig& out, const KeySpec& key, std::string_view text, const Source& source,
                const CheckContext& context) {
  if (const auto* member = std::get_if<std::string Config::*>(&key.member)) {
    check_string(key, text, source, context);
    out.config.*(*member) = std::string(text);
  } else if (const auto* parsed = std::get_if<ParsedString>(&key.member)) {
    parse_string(out, key, *parsed, text, source, context);
  } else if (const auto* member = std::get_if<int Config::*>(&key.member)) {
    const auto number = parse_integer(text);
    if (!number || *number < key.min || *number > key.max) {
      fail(key, source, "expected " + expected_text(key) + ", got " + quote(text));
    }
    out.config.*(*member) = static_cast<int>(*number);
  } else if (const auto* member = std::get_if<bool Config::*>(&key.member)) {
    const auto flag = parse_bool(text);
    if (!flag) {
      fail(key, source, "expected true or false (or 1/0, yes/no, on/off), got " + quote(text));
    }
    out.config.*(*member) = *flag;
  } else {
    auto items = split_list(text);
    for (const auto& item : items) check_string(key, item, source, context);
    out.config.*std::get<std::vector<std::string> Config::*>(key.member) = std::move(items);
  }
  out.sources[std::string(key.name)] = source;
}

// PORT (as set by many hosting platforms) replaces the port of the listen address in force.
void apply_port(LoadedConfig& out, const KeySpec& key, std::string_view text,
                const Source& source) {
  const auto port = parse_integer(text);
  if (!port || *port < 0 || *port > 65535) {
    fail(key, source, "expected a port number from 0 to 65535, got " + quote(text));
  }
  auto& address = out.config.listen;
  address.port = static_cast<int>(*port);
  address.text = format_listen(address.host, address.port);
  out.sources[std::string(key.name)] = source;
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

Source file_source(const std::string& path, const toml::source_region& region) {
  return Source{Source::File, path + ":" + std::to_string(region.begin.line)};
}

[[noreturn]] void fail_type(const KeySpec& key, const Source& source, const toml::node& got) {
  fail(key, source, "expected " + expected_text(key) + ", got " + type_name(got));
}

// Sets a key from a TOML value, which must already have the key's type.
void apply_node(LoadedConfig& out, const KeySpec& key, const toml::node& node, const Source& source,
                const std::string& path, const CheckContext& context) {
  if (const auto* member = std::get_if<std::string Config::*>(&key.member)) {
    const auto* value = node.as_string();
    if (value == nullptr) fail_type(key, source, node);
    check_string(key, value->get(), source, context);
    out.config.*(*member) = value->get();
  } else if (const auto* parsed = std::get_if<ParsedString>(&key.member)) {
    const auto* value = node.as_string();
    if (value == nullptr) fail_type(key, source, node);
    parse_string(out, key, *parsed, value->get(), source, context);
  } else if (const auto* member = std::get_if<int Config::*>(&key.member)) {
    const auto* value = node.as_integer();
    if (value == nullptr) fail_type(key, source, node);
    const auto number = value->get();
    if (number < key.min || number > key.max) {
      fail(key, source, "expected " + expected_text(key) + ", got " + std::to_string(number));
    }
    out.config.*(*member) = static_cast<int>(number);
  } else if (const auto* member = std::get_if<bool Config::*>(&key.member)) {
    const auto* value = node.as_boolean();
    if (value == nullptr) fail_type(key, source, node);
    out.config.*(*member) = value->get();
  } else {
    const auto* array = node.as_array();
    if (array == nullptr) fail_type(key, source, node);
    std::vector<std::string> items;
    for (const auto& element : *array) {
      // An item's own line, since arrays often span several.
      const auto item_source = file_source(path, element.source());
      const auto* item = element.as_string();
      if (item == nullptr) {
        fail(key, item_source,
             "expected an array of strings, got an array holding " + type_name(element));
      }
      check_string(key, item->get(), item_source, context);
      items.push_back(item->get());
    }
    out.config.*std::get<std::vector<std::string> Config::*>(key.member) = std::move(items);
  }
  out.sources[std::string(key.name)] = source;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// ' (did you mean "threads"?)' for a near miss, else empty.
std::string suggestion(std::string_view unknown) {
  for (const auto& key : keys()) {
    if (edit_distance(unknown, key.name) <= 2) {
      return " (did you mean " + quote(key.name) + "?)";
    }
  }
  return {};
}

// Read with stdio rather than iostreams so that errno says why a read failed.
std::string read_file(const std::string& path) {
  const auto fail_read = [&] {
    return ConfigError("cannot read config file " + quote(path) + ": " + std::strerror(errno));
  };
  struct Close {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  const std::unique_ptr<std::FILE, Close> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw fail_read();
  std::string text;
  std::array<char, 4096> buffer{};
  while (const auto count = std::fread(buffer.data(), 1, buffer.size(), file.get())) {
    text.append(buffer.data(), count);
  }
  if (std::ferror(file.get()) != 0) throw fail_read();  // e.g. EISDIR for a folder
  return text;
}

toml::table parse_toml(const std::string& text, const std::string& path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw ConfigError(path + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) +
                      ": " + std::string(error.description()));
  }
}

void apply_file(LoadedConfig& out, const std::string& path, const CheckContext& context) {
  const auto table = parse_toml(read_file(path), path);
  // toml::table iterates in key order; report problems in file order instead.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [name, node] : table) entries.emplace_back(&name, &node);
  std::ranges::sort(entries, {},
                    [](const auto& entry) { return entry.first->source().begin.line; });
  for (const auto& [name, node] : entries) {
    const auto source = file_source(path, name->source());
    const auto* key = find_key(name->str());
    if (key == nullptr) {
      throw ConfigError(source.detail + ": unknown key " + quote(name->str()) +
                        suggestion(name->str()));
    }
    apply_node(out, *key, *node, source, path, context);
  }
}

std::optional<std::string> lookup(const LoadInputs& inputs, std::string_view name) {
  return inputs.env ? inputs.env(name) : std::nullopt;
}

// The file named by --config or $POLLS_CONFIG (which must exist), else ./polls.toml if present.
std::optional<std::string> choose_file(const LoadInputs& inputs) {
  if (inputs.config_file) return inputs.config_file;
  // An empty POLLS_CONFIG counts as unset, the usual way to switch a variable off.
  if (auto named = lookup(inputs, kConfigFileEnv); named && !named->empty()) return named;
  std::error_code error;
  if (std::filesystem::exists(kDefaultFile, error)) return std::string(kDefaultFile);
  return std::nullopt;
}

void apply_env(LoadedConfig& out, const LoadInputs& inputs, const CheckContext& context) {
  for (const auto& key : keys()) {
    for (const auto name : key.env) {
      const auto value = lookup(inputs, name);
      if (!value) continue;
      const Source source{Source::Environment, std::string(name)};
      if (key.name == "listen" && name == "PORT") {
        apply_port(out, key, *value, source);
      } else {
        apply_text(out, key, *value, source, context);
      }
      break;  // the first variable set wins
    }
  }
}

void apply_flags(LoadedConfig& out, const LoadInputs& inputs, const CheckContext& context) {
  for (const auto& [name, value] : inputs.flags) {
    const auto* key = find_key(name);
    if (key == nullptr || key->flag.empty()) {
      throw ConfigError("no command-line flag sets " + quote(name));
    }
    apply_text(out, *key, value, Source{Source::Flag, std::string(key->flag)}, context);
  }
}

// Rules between keys, checked once every layer is in.
void check_across_keys(const LoadedConfig& out) {
  const auto& config = out.config;
  if (config.max_threads < config.threads) {
    fail(*find_key("max_threads"), out.source("max_threads"),
         "must be at least threads, which is " + std::to_string(config.threads) + " (" +
             to_string(out.source("threads")) + "), got " + std::to_string(config.max_threads));
  }
  if (config.metrics_listen) {
    // Both would bind the same socket: the second bind fails at start, or, on a wildcard, one
    // address would shadow part of the other.
    const ListenAddress& site = config.listen;
    const ListenAddress& metrics = *config.metrics_listen;
    const auto wildcard = [](const std::string& host) { return host == "0.0.0.0" || host == "::"; };
    if (site.port != 0 && site.port == metrics.port &&
        (site.host == metrics.host || wildcard(site.host) || wildcard(metrics.host))) {
      fail(*find_key("metrics_listen"), out.source("metrics_listen"),
           "must not use the port of listen, which is " + quote(site.text) + " (" +
               to_string(out.source("listen")) + "), got " + quote(metrics.text));
    }
  }
}

}  // namespace

const Source& LoadedConfig::source(std::string_view key) const {
  const auto it = sources.find(key);
  if (it == sources.end()) throw std::out_of_range("unknown config key " + quote(key));
  return it->second;
}

LoadedConfig load(const LoadInputs& inputs) {
  const CheckContext context{inputs.is_valid_time_zone};
  LoadedConfig out;
  for (const auto& key : keys()) out.sources[std::string(key.name)] = Source{};
  out.file = choose_file(inputs);
  if (out.file) apply_file(out, *out.file, context);
  apply_env(out, inputs, context);
  apply_flags(out, inputs, context);
  check_across_keys(out);
  return out;
}

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

}  // namespace polls::config
