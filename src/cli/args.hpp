// The command line: `polls [COMMAND] [ARGUMENT ...] [--flag VALUE | --flag=VALUE ...]`.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace polls::cli {

struct Args {
  std::string command = "serve";  // "serve" when none is given, as `polls` alone serves
  bool command_given = false;     // false for `polls --help`: the general help
  bool help = false;
  bool version = false;
  std::optional<std::string> config_file;
  std::map<std::string, std::string, std::less<>> settings;  // config key -> flag value
  std::map<std::string, std::string, std::less<>> options;   // command options ("--username")
  std::vector<std::string> switches;                         // value-less options ("--no-input")
  std::vector<std::string> positionals;  // the command's positional arguments, in order
};

// Bad usage (unknown command or flag, missing value): exit code 2, like a bad config.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses argv. Flags that set config keys come from the config key table; the command table
// (commands.hpp) names the extra options and switches each command accepts.
Args parse_args(const std::vector<std::string>& argv);

}  // namespace polls::cli
