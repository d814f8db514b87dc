// The commands: each takes the parsed command line and returns the process exit code.
#pragma once

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

// Parses argv, dispatches to a command, and turns errors into messages and exit codes.
int main(int argc, char** argv);

}  // namespace polls::cli
