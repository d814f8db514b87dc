// What `polls config` prints: every key with its effective value and where it came from, with
// secrets hidden.
#pragma once

#include <string>
#include <vector>

#include "config/keys.hpp"
#include "config/loader.hpp"

namespace polls::config {

struct DescribedKey {
  std::string key;     // "threads"
  std::string value;   // in TOML syntax: 8, "127.0.0.1:8000", ["https://a.example"], or "********"
  std::string source;  // to_string(Source): "default", "env POLLS_THREADS", ...
};

// One entry per key, in key-table order. secret_key shows as "********" or "(not set)"; the
// password in database_url as "********".
std::vector<DescribedKey> describe(const LoadedConfig& loaded);

// A key's built-in default, shown as describe() shows values.
std::string default_value(const KeySpec& key);

}  // namespace polls::config
