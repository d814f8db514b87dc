// See runtime.hpp.
#include "cli/runtime.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "db/errors.hpp"
#include "db/migrations.hpp"
#include "db/postgres_database.hpp"
#include "db/sqlite_database.hpp"
#include "timezone/time_zone.hpp"

namespace polls::cli {

config::LoadedConfig load_config(const Args& args) {
  config::LoadInputs inputs;
  inputs.config_file = args.config_file;
  inputs.flags = args.settings;
  inputs.env = config::process_env();
  inputs.is_valid_time_zone = [](std::string_view name) {
    return tz::TimeZone::load(name).has_value();
  };
  return config::load(inputs);
}

ops::Logger make_logger(const config::Config& config) {
  ops::LogFormat format = ops::LogFormat::Json;
  if (config.log_format == "text" || (config.log_format == "auto" && ::isatty(1))) {
    format = ops::LogFormat::Text;
  }
  return ops::Logger(format, config.log_level);
}

namespace {

// Connects to PostgreSQL, retrying an unreachable server with growing pauses (0.25 s doubling to
// 5 s) for up to db_connect_retry_seconds; a Misconfigured failure is not retried.
std::unique_ptr<db::Database> open_postgres(const config::Config& config, const std::string& url,
                                            const ops::Logger& log) {
  db::PostgresOptions options;
  options.connect.url = url;
  options.connect.connect_timeout_seconds = config.db_connect_timeout_seconds;
  options.connect.statement_timeout_ms = config.db_statement_timeout_ms;
  options.pool_size = config.db_pool_size;
  options.acquire_timeout_ms = config.db_busy_timeout_ms;
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(config.db_connect_retry_seconds);
  auto pause = std::chrono::milliseconds(250);
  for (int attempt = 1;; ++attempt) {
    try {
      return std::make_unique<db::PostgresDatabase>(options);
    } catch (const db::Misconfigured&) {
      throw;
    } catch (const db::Unavailable& e) {
      if (std::chrono::steady_clock::now() + pause > give_up) throw;
      log.warn("database unreachable; retrying",
               {{"error", e.what()},
                {"attempt", std::int64_t{attempt}},
                {"retry_in_ms", static_cast<std::int64_t>(pause.count())}});
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace

std::unique_ptr<db::Database> open_database(const config::Config& config, const ops::Logger& log) {
  const config::DatabaseUrl& url = config.database_url;
  if (url.kind == config::DatabaseUrl::Kind::Postgres) return open_postgres(config, url.url, log);
  db::SqliteOptions options;
  options.path = url.sqlite_path;
  options.readers = config.db_pool_size;
  options.busy_timeout_ms = config.db_busy_timeout_ms;
  // The key's check accepts only the two names.
  options.synchronous = db::parse_sqlite_synchronous(config.db_sqlite_synchronous)
                            .value_or(db::SqliteSynchronous::Normal);
  return std::make_unique<db::SqliteDatabase>(options);
}

std::unique_ptr<db::Database> open_migrated(const config::Config& config, const ops::Logger& log) {
  auto database = open_database(config, log);
  const auto report = db::migrate(*database, db::embedded_migrations(database->dialect()));
  for (const auto& name : report.applied) log.info("migration applied", {{"name", name}});
  for (const auto& name : report.adopted)
    log.info("migration adopted from Django", {{"name", name}});
  return database;
}

}  // namespace polls::cli
