// What every command sets up from the command line: the configuration, the logger, the database.
#pragma once

#include <memory>

#include "cli/args.hpp"
#include "config/loader.hpp"
#include "db/database.hpp"
#include "ops/log.hpp"

namespace polls::cli {

// Exit codes: 0 done, 1 a failure while running, 2 bad configuration or usage.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitConfig = 2;

// Loads and validates the configuration for a command (throws config::ConfigError).
config::LoadedConfig load_config(const Args& args);

// The logger the configuration asks for ("auto": text on a terminal, JSON otherwise).
ops::Logger make_logger(const config::Config& config);

// Opens the database the configuration names. A PostgreSQL server that cannot be reached is
// retried for db_connect_retry_seconds, logging each attempt. Throws db::Misconfigured (bad
// credentials, unknown database or host: exit 2), db::Unavailable or db::Error.
std::unique_ptr<db::Database> open_database(const config::Config& config, const ops::Logger& log);

// open_database, then the embedded migrations applied (each logged), as serve and the user
// commands need the schema. Throws as open_database does, and db::Error for a failed migration.
std::unique_ptr<db::Database> open_migrated(const config::Config& config, const ops::Logger& log);

}  // namespace polls::cli
