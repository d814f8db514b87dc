// Loading the Config: defaults < TOML file < environment < command-line flags, each value
// validated as it is read so that an error names the key and the place it came from.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace polls::config {

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct LoadInputs {
  // --config FILE. Else $POLLS_CONFIG, else ./polls.toml if it exists. A file named by the
  // flag or the variable must exist.
  std::optional<std::string> config_file{};
  // Flag values by key name, as the CLI took them from argv: {"listen", "0.0.0.0:80"}.
  std::map<std::string, std::string, std::less<>> flags{};
  // Reads an environment variable; process_env() in production, a map in tests. Empty: none.
  EnvLookup env{};
  // Whether a name is a known IANA time zone. Empty: any non-empty name is accepted.
  std::function<bool(std::string_view)> is_valid_time_zone{};
};

struct LoadedConfig {
  Config config;
  std::map<std::string, Source, std::less<>> sources;  // one entry per key
  std::optional<std::string> file;                     // the TOML file read, if any

  // Where a key's value came from; throws std::out_of_range for an unknown key.
  const Source& source(std::string_view key) const;
};

// Throws ConfigError.
LoadedConfig load(const LoadInputs& inputs);

// The real process environment (getenv).
EnvLookup process_env();

}  // namespace polls::config
