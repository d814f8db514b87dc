// Row access and transactions shared by both backends.
#include "db/database.hpp"

#include "db/errors.hpp"
#include "text/integer.hpp"

namespace polls::db {

const std::string& Rows::text(std::size_t row, std::size_t col) const {
  static const std::string kEmpty;
  const auto& c = cell(row, col);
  return c ? *c : kEmpty;
}

std::int64_t Rows::integer(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  if (!c) return 0;
  const auto value = text::parse_integer<std::int64_t>(*c);
  if (!value) {
    throw Error("expected an integer in column " + std::to_string(col) + ", got \"" + *c + "\"");
  }
  return *value;
}

bool Rows::boolean(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  if (!c) return false;
  if (*c == "1" || *c == "t" || *c == "true") return true;
  if (*c == "0" || *c == "f" || *c == "false") return false;
  throw Error("expected a boolean in column " + std::to_string(col) + ", got \"" + *c + "\"");
}

namespace {
constexpr std::string_view kBeginSqlite = "BEGIN IMMEDIATE";
constexpr std::string_view kBeginPostgres = "BEGIN";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
}  // namespace

Transaction::Transaction(Session& session) : session_(session) {
  session_.execute(session.dialect() == Dialect::Sqlite ? kBeginSqlite : kBeginPostgres);
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    session_.execute(kRollback);
  } catch (const Error&) {
    // The connection is already broken; the backend resets it on next use.
  }
}

void Transaction::commit() {
  session_.execute(kCommit);
  done_ = true;
}

}  // namespace polls::db
