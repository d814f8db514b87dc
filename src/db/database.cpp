// Row access and transactions shared by both backends.
#include "db/database.hpp"

#include <algorithm>

#include "db/datetime.hpp"
#include "db/errors.hpp"
#include "text/integer.hpp"

namespace polls::db {

const std::string& Rows::text(std::size_t row, std::size_t col) const {
  static const std::string kEmpty;
  const auto& c = cell(row, col);
  return c ? *c : kEmpty;
}

void Rows::unreadable(std::size_t col, const std::optional<std::string>& value,
                      std::string_view expected) const {
  const std::string holds = value ? "holds \"" + *value + "\"" : std::string("is NULL");
  throw Error("column \"" + names_->at(col) + "\" " + holds + ", not " + std::string(expected));
}

std::int64_t Rows::integer(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  if (!c) return 0;
  const auto value = text::parse_integer<std::int64_t>(*c);
  if (!value) unreadable(col, c, "an integer");
  return *value;
}

bool Rows::boolean(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  if (!c) return false;
  if (*c == "1" || *c == "t" || *c == "true") return true;
  if (*c == "0" || *c == "f" || *c == "false") return false;
  unreadable(col, c, "a boolean");
}

Timestamp Rows::timestamp(std::size_t row, std::size_t col) const {
  const auto value = optional_timestamp(row, col);
  if (!value) unreadable(col, std::nullopt, "a timestamp");
  return *value;
}

std::optional<Timestamp> Rows::optional_timestamp(std::size_t row, std::size_t col) const {
  const auto& c = cell(row, col);
  if (!c) return std::nullopt;
  // Both dialects' text: Django's on SQLite, "...+00" from PostgreSQL (the session's TimeZone is
  // UTC; another offset would be applied).
  const auto value = from_db_text(*c);
  if (!value) unreadable(col, c, "a timestamp");
  return value;
}

namespace {
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";

// The backends put the name into SQL text as it is: only plain identifiers get there.
bool is_plain_identifier(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}
}  // namespace

bool Session::committed_since_last_asked() {
  std::string mark = commit_mark();
  const bool changed = !last_commit_mark_ || *last_commit_mark_ != mark;
  last_commit_mark_ = std::move(mark);
  return changed;
}

// Why a version taken this way cannot let a cache serve what a commit has changed. A page is
// stored under the version v read before its reads; say a commit C lands after those reads. A
// later request that is still told v must have asked on some session S after C. S's first ask
// after C compared a mark from after C with one from before it (or was S's first ask), so it saw
// a change and bumped the generation; that bump came after C, hence after v was read, and before
// the later request read the generation (S's asks are in order). So the later request reads more
// than v: contradiction. Sessions that have not seen C yet bump again when they do: more misses,
// never a stale page.
std::uint64_t Database::data_version() {
  Lease session = read();
  if (session->committed_since_last_asked()) data_generation_.fetch_add(1);
  return data_generation_.load();
}

Transaction::Transaction(Session& session) : session_(session) { session_.begin(nullptr); }

Transaction::Transaction(Session& session, ExclusiveWrites exclusive) : session_(session) {
  if (!is_plain_identifier(exclusive.table)) {
    throw Error("exclusive writes need a plain table name, not \"" + std::string(exclusive.table) +
                "\"");
  }
  session_.begin(&exclusive);
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
