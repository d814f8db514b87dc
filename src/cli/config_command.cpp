// `polls config`: the effective settings, where each came from, secrets redacted.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/runtime.hpp"
#include "config/describe.hpp"

namespace polls::cli {

int run_config(const Args& args) {
  const config::LoadedConfig loaded = load_config(args);
  std::cout << "# config file: " << loaded.file.value_or("(none)") << "\n";
  std::size_t width = 0;
  for (const auto& row : config::describe(loaded))
    width = std::max(width, row.key.size() + row.value.size() + 3);
  for (const auto& row : config::describe(loaded)) {
    std::string line = row.key + " = " + row.value;
    line.resize(std::max(width, line.size()) + 2, ' ');
    std::cout << line << "# " << row.source << "\n";
  }
  return kExitOk;
}

}  // namespace polls::cli
