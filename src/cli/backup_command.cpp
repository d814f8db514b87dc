// `polls backup FILE`: a consistent copy of the SQLite database while polls serves.
#include <chrono>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/runtime.hpp"
#include "db/errors.hpp"
#include "db/sqlite_backup.hpp"

namespace polls::cli {

int run_backup(const Args& args) {
  if (args.positionals.size() != 1) throw UsageError("polls backup needs the FILE to write");
  const config::LoadedConfig loaded = load_config(args);
  const config::DatabaseUrl& url = loaded.config.database_url;
  if (url.kind != config::DatabaseUrl::Kind::Sqlite) {
    std::cerr << "polls backup copies SQLite databases; for PostgreSQL use pg_dump (or RDS "
                 "snapshots)\n";
    return kExitConfig;
  }
  const auto started = std::chrono::steady_clock::now();
  try {
    const db::BackupReport report =
        db::backup_sqlite(url.sqlite_path, args.positionals[0], loaded.config.db_busy_timeout_ms);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    std::cout << "backed up " << url.sqlite_path << " to " << args.positionals[0] << ": "
              << report.bytes << " bytes, " << report.questions << " questions, " << report.choices
              << " choices, in " << ms << " ms\n";
    return kExitOk;
  } catch (const db::Error& e) {
    // A command run by hand or by a timer: the reason goes to stderr, where both look.
    std::cerr << "polls backup failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace polls::cli
