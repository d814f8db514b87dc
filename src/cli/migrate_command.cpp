// `polls migrate`: apply the embedded migrations and report what was done.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/runtime.hpp"
#include "db/errors.hpp"
#include "db/migrations.hpp"

namespace polls::cli {

int run_migrate(const Args& args) {
  const config::LoadedConfig loaded = load_config(args);
  const ops::Logger log = make_logger(loaded.config);
  try {
    auto database = open_database(loaded.config, log);
    const auto report = db::migrate(*database, db::embedded_migrations(database->dialect()));
    for (const auto& name : report.applied) std::cout << "applied " << name << "\n";
    for (const auto& name : report.adopted)
      std::cout << "adopted " << name << " (made by Django)\n";
    if (report.applied.empty() && report.adopted.empty())
      std::cout << "nothing to do: the schema is up to date\n";
    return kExitOk;
  } catch (const db::Misconfigured& e) {
    log.error("migrate failed: the database configuration is wrong", {{"error", e.what()}});
    return kExitConfig;
  } catch (const db::Error& e) {
    log.error("migrate failed", {{"error", e.what()}});
    return kExitFailure;
  }
}

}  // namespace polls::cli
