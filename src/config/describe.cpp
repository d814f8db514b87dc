// The effective configuration as `polls config` prints it, secrets hidden.
#include "config/describe.hpp"

#include "config/keys.hpp"
#include "config/values.hpp"

namespace polls::config {
namespace {

constexpr std::string_view kHidden = "********";
constexpr std::string_view kNotSet = "(not set)";

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          constexpr std::string_view kHex = "0123456789ABCDEF";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string shown_string(const KeySpec& key, const std::string& value) {
  switch (key.secrecy) {
    case Secrecy::Public:
      break;
    case Secrecy::Secret:
      return std::string(value.empty() ? kNotSet : kHidden);
    case Secrecy::Password:
      return toml_string(redact_database_url(value));
  }
  return toml_string(value);
}

std::string shown_value(const KeySpec& key, const Config& config) {
  if (const auto* member = std::get_if<std::string Config::*>(&key.member)) {
    return shown_string(key, config.*(*member));
  }
  if (const auto* parsed = std::get_if<ParsedString>(&key.member)) {
    return shown_string(key, parsed->text(config));
  }
  if (const auto* member = std::get_if<int Config::*>(&key.member)) {
    return std::to_string(config.*(*member));
  }
  if (const auto* member = std::get_if<bool Config::*>(&key.member)) {
    return config.*(*member) ? "true" : "false";
  }
  std::string out = "[";
  for (const auto& item : config.*std::get<std::vector<std::string> Config::*>(key.member)) {
    out += (out.size() > 1 ? ", " : "") + toml_string(item);
  }
  return out + "]";
}

}  // namespace

std::vector<DescribedKey> describe(const LoadedConfig& loaded) {
  std::vector<DescribedKey> out;
  for (const auto& key : keys()) {
    out.push_back(DescribedKey{std::string(key.name), shown_value(key, loaded.config),
                               to_string(loaded.source(key.name))});
  }
  return out;
}

std::string default_value(const KeySpec& key) {
  static const Config defaults;
  return shown_value(key, defaults);
}

}  // namespace polls::config
