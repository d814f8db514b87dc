// Helpers for the config tests: a scratch folder that is also the working directory (so no stray
// ./polls.toml is picked up), TOML files written into it, and a fake environment.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/loader.hpp"
#include "support/temp_dir.hpp"

namespace polls::config::testing {

using Env = std::map<std::string, std::string, std::less<>>;

// A fresh temporary folder made the working directory; both undone on destruction.
class Sandbox {
 public:
  Sandbox() : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(folder_.path());
  }
  ~Sandbox() {
    std::error_code error;
    std::filesystem::current_path(previous_, error);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const std::filesystem::path& path() const { return folder_.path(); }

  // Writes a file in the sandbox and returns its name relative to the sandbox.
  std::string write(const std::string& name, std::string_view text) const {
    std::ofstream(folder_ / name, std::ios::binary) << text;
    return name;
  }

 private:
  std::filesystem::path previous_;
  polls::testing::TempDir folder_{"polls-config"};  // destroyed after the way back
};

inline EnvLookup env_from(Env env) {
  return [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

// A stand-in for the embedded zoneinfo lookup.
inline bool known_time_zone(std::string_view name) {
  return name == "UTC" || name == "Europe/Paris" || name == "America/New_York";
}

struct Inputs {
  Env env{};
  std::optional<std::string> file{};
  std::map<std::string, std::string, std::less<>> flags{};
};

inline LoadedConfig load_with(Inputs in) {
  return load(LoadInputs{std::move(in.file), std::move(in.flags), env_from(std::move(in.env)),
                         known_time_zone});
}

// The message of the ConfigError that loading throws, or "(loaded)" if it loads.
inline std::string load_error(Inputs in) {
  try {
    load_with(std::move(in));
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(loaded)";
}

}  // namespace polls::config::testing
