// See runtime.hpp.
#include "cli/runtime.hpp"

#include <unistd.h>

#include "config/values.hpp"
#include "db/errors.hpp"
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
  return ops::Logger(format, ops::parse_level(config.log_level).value_or(ops::Level::Info));
}

std::unique_ptr<db::Database> open_database(const config::Config& config) {
  const config::DatabaseUrl url = config::parse_database_url(config.database_url);
  if (url.kind == config::DatabaseUrl::Kind::Postgres) {
    throw db::Error("PostgreSQL is not supported by this build yet: use a sqlite:// DATABASE_URL");
  }
  db::SqliteOptions options;
  options.path = url.sqlite_path;
  options.readers = config.db_pool_size;
  options.busy_timeout_ms = config.db_busy_timeout_ms;
  return std::make_unique<db::SqliteDatabase>(options);
}

}  // namespace polls::cli
