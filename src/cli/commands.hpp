// The commands: one table entry each (name, summary, handler, help), which parsing, --help and
// dispatch all read, so adding a command is adding one entry. Each handler takes the parsed
// command line and returns the process exit code.
#pragma once

#include <string_view>
#include <vector>

#include "cli/args.hpp"

namespace polls::cli {

int run_serve(const Args& args);
int run_migrate(const Args& args);
int run_config(const Args& args);
// Django's createsuperuser and changepassword: user_commands.cpp.
int run_createsuperuser(const Args& args);
int run_changepassword(const Args& args);
// A consistent copy of the SQLite database while serving: backup_command.cpp.
int run_backup(const Args& args);
// Probes the running server's /healthz or /readyz: healthcheck_command.cpp.
int run_healthcheck(const Args& args);

struct CommandInfo {
  std::string_view name;
  std::string_view summary;                        // one line, for --help
  int (*run)(const Args& args);                    // the handler
  std::vector<std::string_view> options;           // take a value
  std::vector<std::string_view> switches;          // take none
  bool config_flags;                               // accepts the config flags (--listen, ...)
  std::vector<std::string_view> positionals = {};  // required, in order ("USERNAME")
  std::vector<std::string_view> notes = {};        // extra lines for the command's --help
};

// Every command, in the order --help lists them.
const std::vector<CommandInfo>& commands();
const CommandInfo* find_command(std::string_view name);

// Parses argv, dispatches to a command, and turns errors into messages and exit codes.
int main(int argc, char** argv);

}  // namespace polls::cli
