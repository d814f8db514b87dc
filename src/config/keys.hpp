// The key table: for every config key its type (the Config member it fills), its doc line, the
// environment variables and command-line flag that set it, whether it is secret, and how it is
// validated. The loader, `polls config`, the CLI's flag list and the tests all read this table.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace polls::config {

// How a value may be shown by `polls config` and in error messages.
enum class Secrecy {
  Public,    // shown as is
  Secret,    // never shown: "********", or "(not set)" when empty
  Password,  // a URL shown with its password replaced by "********"
};

// What validators may need besides the value itself.
struct CheckContext {
  std::function<bool(std::string_view)> is_valid_time_zone;  // empty: any name passes
};

// A key written as a string but held parsed (a listen address, a database URL, a log level).
struct ParsedString {
  // Parses the text into its Config member; returns what is wrong ("expected ..., got ..."), or
  // nullopt once stored. Secret values must not appear in the message.
  std::optional<std::string> (*parse)(Config& config, std::string_view text,
                                      const CheckContext& context);
  // The member's text as written, "" when unset.
  std::string (*text)(const Config& config);

  friend bool operator==(const ParsedString&, const ParsedString&) = default;
};

// The Config member a key fills; which alternative it is gives the key's type.
using Member = std::variant<std::string Config::*, ParsedString, int Config::*, bool Config::*,
                            std::vector<std::string> Config::*>;

// Checks one string value (or one item of a list); returns what is wrong, as
// "expected ..., got ..." or a sentence, or nullopt if the value is fine. Secret values must
// not appear in the message.
using StringCheck = std::optional<std::string> (*)(std::string_view value, const CheckContext&);

struct KeySpec {
  std::string_view name{};
  Member member{};
  std::string_view doc{};               // one line, shown in polls.toml and `polls config --help`
  std::vector<std::string_view> env{};  // earlier names win when several are set
  std::string_view flag{};              // "--listen", or empty when no flag sets the key
  Secrecy secrecy = Secrecy::Public;
  std::string_view expected{};  // strings: how to describe the wanted value ("a string")
  int min = 0;                  // ints: the accepted range, inclusive
  int max = 0;
  StringCheck check = nullptr;  // plain strings and list items: extra validation
};

// Every key, in the order `polls config` and polls.toml list them.
std::span<const KeySpec> keys();

// The key with that name, or nullptr.
const KeySpec* find_key(std::string_view name);

// "an integer from 1 to 1024", "true or false", "an array of strings", or the key's `expected`.
std::string expected_text(const KeySpec& key);

}  // namespace polls::config
