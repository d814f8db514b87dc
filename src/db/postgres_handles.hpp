// Owners for libpq's handles: a connection, a result, a parsed conninfo or a message libpq
// allocated is freed however the code that holds it ends (a throwing constructor included).
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

namespace polls::db {

struct PgFinish {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConnection = std::unique_ptr<PGconn, PgFinish>;

struct PgClear {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgClear>;

struct PgConninfoFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using PgConninfo = std::unique_ptr<PQconninfoOption, PgConninfoFree>;

struct PgFreemem {
  void operator()(char* text) const { PQfreemem(text); }
};
using PgMessage = std::unique_ptr<char, PgFreemem>;

// libpq's reading of a URL or key=value conninfo; null when it is not valid, with libpq's
// message (or "out of memory") in *error when error is given.
inline PgConninfo parse_conninfo(const std::string& url, std::string* error = nullptr) {
  char* raw_error = nullptr;
  PgConninfo options(PQconninfoParse(url.c_str(), &raw_error));
  const PgMessage message(raw_error);
  if (!options && error != nullptr) *error = message ? message.get() : "out of memory";
  return options;
}

}  // namespace polls::db
