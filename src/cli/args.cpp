// Command-line parsing: see args.hpp.
#include "cli/args.hpp"

#include <algorithm>
#include <functional>

#include "cli/commands.hpp"
#include "config/keys.hpp"

namespace polls::cli {

namespace {

// Reads "--name" or "--name=value" if the command takes it: a switch, an option of its own, or
// (for commands that read the configuration) --config or a config key's flag. False if not.
bool read_named(Args& args, const CommandInfo& command, const std::string& name, bool has_value,
                const std::function<std::string()>& take_value) {
  const auto& switches = command.switches;
  if (std::find(switches.begin(), switches.end(), name) != switches.end()) {
    if (has_value) throw UsageError(name + " takes no value");
    args.switches.push_back(name);
    return true;
  }
  const auto& options = command.options;
  if (std::find(options.begin(), options.end(), name) != options.end()) {
    args.options[name] = take_value();
    return true;
  }
  if (!command.config_flags) return false;
  if (name == "--config") {
    args.config_file = take_value();
    return true;
  }
  for (const auto& spec : config::keys()) {
    if (!spec.flag.empty() && spec.flag == name) {
      args.settings[std::string(spec.name)] = take_value();
      return true;
    }
  }
  return false;
}

// The command word, if the line starts with one; true when it is `polls help [COMMAND]`, which
// needs no more parsing.
bool read_command(Args& args, const std::vector<std::string>& argv, std::size_t& i) {
  if (i >= argv.size() || argv[i].starts_with("-")) return false;
  args.command = argv[i];
  args.command_given = true;
  if (args.command == "help") {
    args.help = true;
    args.command = i + 1 < argv.size() ? argv[i + 1] : "";
    return true;
  }
  ++i;
  return false;
}

}  // namespace

Args parse_args(const std::vector<std::string>& argv) {
  Args args;
  std::size_t i = 1;
  if (read_command(args, argv, i)) return args;
  const CommandInfo* command = find_command(args.command);
  if (!command) throw UsageError("unknown command \"" + args.command + "\" (see polls --help)");
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      args.help = true;
    } else if (arg == "-V" || arg == "--version") {
      args.version = true;
    } else if (!arg.starts_with("--")) {
      if (args.positionals.size() >= command->positionals.size()) {
        throw UsageError("unexpected argument \"" + arg + "\" (see polls --help)");
      }
      args.positionals.push_back(arg);
    } else {
      const auto eq = arg.find('=');
      const std::string name = arg.substr(0, eq);
      const auto take_value = [&]() -> std::string {
        if (eq != std::string::npos) return arg.substr(eq + 1);
        if (i + 1 >= argv.size()) throw UsageError(name + " needs a value");
        return argv[++i];
      };
      if (!read_named(args, *command, name, eq != std::string::npos, take_value)) {
        throw UsageError("unknown option " + name + " for polls " + args.command + " (see polls " +
                         args.command + " --help)");
      }
    }
  }
  if (!args.help && !args.version && args.positionals.size() < command->positionals.size()) {
    throw UsageError(args.command + " needs " +
                     std::string(command->positionals[args.positionals.size()]) + " (see polls " +
                     args.command + " --help)");
  }
  return args;
}

}  // namespace polls::cli
