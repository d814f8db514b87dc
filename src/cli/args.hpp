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

// Parses argv. Flags that set config keys come from the config key table; `command_options`
// and `command_switches` name the extra options each command accepts.
Args parse_args(const std::vector<std::string>& argv);

// The commands polls knows, with a one-line summary each (for --help).
struct CommandInfo {
  std::string_view name;
  std::string_view summary;
  std::vector<std::string_view> options;           // take a value
  std::vector<std::string_view> switches;          // take none
  bool config_flags;                               // accepts the config flags (--listen, ...)
  std::vector<std::string_view> positionals = {};  // required, in order ("USERNAME")
  std::vector<std::string_view> notes = {};        // extra lines for the command's --help
};
const std::vector<CommandInfo>& commands();
const CommandInfo* find_command(std::string_view name);

}  // namespace polls::cli
