// How SQLite's writer commits (PRAGMA synchronous, in WAL mode): Normal syncs the WAL only at
// checkpoints, so a commit survives the process's crash but the last ones may be lost with the
// machine's power; Full syncs it at every commit.
#pragma once

#include <optional>
#include <string_view>

namespace polls::db {

enum class SqliteSynchronous { Normal, Full };

// "normal" or "full" (the config key's values); nullopt otherwise.
inline std::optional<SqliteSynchronous> parse_sqlite_synchronous(std::string_view text) {
  if (text == "normal") return SqliteSynchronous::Normal;
  if (text == "full") return SqliteSynchronous::Full;
  return std::nullopt;
}

}  // namespace polls::db
