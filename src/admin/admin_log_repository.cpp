// django_admin_log rows: see admin_log_repository.hpp.
#include "admin/admin_log_repository.hpp"

#include "db/errors.hpp"

namespace polls::admin {

constexpr std::string_view kEnsureContentType =
    "INSERT INTO django_content_type (app_label, model) VALUES ('polls', 'question') "
    "ON CONFLICT (app_label, model) DO NOTHING";
constexpr std::string_view kContentType =
    "SELECT id FROM django_content_type WHERE app_label = 'polls' AND model = 'question'";
constexpr std::string_view kInsertEntry =
    "INSERT INTO django_admin_log (action_time, object_id, object_repr, action_flag, "
    "change_message, content_type_id, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)";

void AdminLogRepository::record(db::Session& session, std::int64_t user_id, Action action,
                                std::int64_t question_id, std::string_view question_text,
                                std::string_view change_message, db::Timestamp now) {
  // Django makes the row after its migrate; polls only when it is missing (an insert that
  // conflicts would still use up a value of PostgreSQL's id sequence).
  db::Rows type = session.query(kContentType);
  if (type.empty()) {
    session.execute(kEnsureContentType);
    type = session.query(kContentType);
  }
  if (type.empty()) throw db::Error("django_content_type has no row for polls.question");
  const std::string id = std::to_string(question_id);
  const std::string repr = object_repr(question_text);
  session.execute(kInsertEntry, {now, std::string_view(id), std::string_view(repr),
                                 std::int64_t{static_cast<int>(action)}, change_message,
                                 type.integer(0, 0), user_id});
}

constexpr std::string_view kRecent =
    "SELECT l.action_time, l.action_flag, l.object_id, l.object_repr, "
    "CASE WHEN t.app_label = 'polls' AND t.model = 'question' THEN 1 ELSE 0 END "
    "FROM django_admin_log l LEFT JOIN django_content_type t ON t.id = l.content_type_id "
    "WHERE l.user_id = $1 ORDER BY l.action_time DESC, l.id DESC LIMIT $2";

std::vector<LogEntry> AdminLogRepository::recent_for_user(std::int64_t user_id, int limit) {
  auto session = database_.read();
  const db::Rows rows = session->query(kRecent, {user_id, std::int64_t{limit}});
  std::vector<LogEntry> entries;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    LogEntry entry;
    entry.action_time = rows.timestamp(i, 0);
    const std::int64_t flag = rows.integer(i, 1);
    entry.action = flag == 1 ? Action::Addition : flag == 3 ? Action::Deletion : Action::Change;
    if (!rows.is_null(i, 2)) entry.object_id = rows.text(i, 2);
    entry.object_repr = rows.text(i, 3);
    entry.object_is_question = rows.integer(i, 4) == 1;
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace polls::admin
