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
    if (args.command == "serve") return run_serve(args);
    if (args.command == "migrate") return run_migrate(args);
    if (args.command == "config") return run_config(args);
    if (args.command == "createsuperuser") return run_createsuperuser(args);
    if (args.command == "changepassword") return run_changepassword(args);
    if (args.command == "backup") return run_backup(args);
    if (args.command == "healthcheck") return run_healthcheck(args);
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
