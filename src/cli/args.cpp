// Command-line parsing: see args.hpp.
#include "cli/args.hpp"

#include <algorithm>

#include "cli/commands.hpp"
#include "config/keys.hpp"

namespace polls::cli {

Args parse_args(const std::vector<std::string>& argv) {
  Args args;
  std::size_t i = 1;
  if (i < argv.size() && !argv[i].starts_with("-")) {
    args.command = argv[i];
    args.command_given = true;
    if (args.command == "help") {
      args.help = true;
      args.command = i + 1 < argv.size() ? argv[i + 1] : "";
      return args;
    }
    ++i;
  }
  const CommandInfo* command = args.command.empty() ? nullptr : find_command(args.command);
  if (!args.command.empty() && !command) {
    throw UsageError("unknown command \"" + args.command + "\" (see polls --help)");
  }
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      args.help = true;
      continue;
    }
    if (arg == "-V" || arg == "--version") {
      args.version = true;
      continue;
    }
    if (!arg.starts_with("--")) {
      if (command && args.positionals.size() < command->positionals.size()) {
        args.positionals.push_back(arg);
        continue;
      }
      throw UsageError("unexpected argument \"" + arg + "\" (see polls --help)");
    }
    std::string name = arg;
    std::optional<std::string> value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    const auto take_value = [&]() -> std::string {
      if (value) return *value;
      if (i + 1 >= argv.size()) throw UsageError(name + " needs a value");
      return argv[++i];
    };
    const auto& switches = command->switches;
    if (std::find(switches.begin(), switches.end(), name) != switches.end()) {
      if (value) throw UsageError(name + " takes no value");
      args.switches.push_back(name);
      continue;
    }
    const auto& options = command->options;
    if (std::find(options.begin(), options.end(), name) != options.end()) {
      args.options[name] = take_value();
      continue;
    }
    if (command->config_flags) {
      if (name == "--config") {
        args.config_file = take_value();
        continue;
      }
      const config::KeySpec* key = nullptr;
      for (const auto& spec : config::keys()) {
        if (!spec.flag.empty() && spec.flag == name) key = &spec;
      }
      if (key) {
        args.settings[std::string(key->name)] = take_value();
        continue;
      }
    }
    throw UsageError("unknown option " + name + " for polls " + args.command + " (see polls " +
                     args.command + " --help)");
  }
  if (command && !args.help && !args.version &&
      args.positionals.size() < command->positionals.size()) {
    throw UsageError(args.command + " needs " +
                     std::string(command->positionals[args.positionals.size()]) + " (see polls " +
                     args.command + " --help)");
  }
  return args;
}

}  // namespace polls::cli
