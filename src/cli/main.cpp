// Dispatch from the command line to a command, and the exit codes of failures.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/runtime.hpp"
#include "config/config.hpp"

namespace polls::cli {

int main(int argc, char** argv) {
  try {
    const Args args = parse_args(std::vector<std::string>(argv, argv + argc));
    if (args.version) {
      std::cout << version_text();
      return kExitOk;
    }
    if (args.help) {
      std::cout << (args.command_given && !args.command.empty() ? command_help(args.command)
                                                                : general_help());
      return kExitOk;
    }
    if (const CommandInfo* command = find_command(args.command)) return command->run(args);
    std::cout << general_help();
    return kExitOk;
  } catch (const UsageError& e) {
    std::cerr << "polls: " << e.what() << "\n";
    return kExitConfig;
  } catch (const config::ConfigError& e) {
    std::cerr << "polls: configuration error: " << e.what() << "\n";
    return kExitConfig;
  }
}

}  // namespace polls::cli
