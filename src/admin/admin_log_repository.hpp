// The admin's record of who changed what (Django's django_admin_log), written in Django's own
// format, so that Django's admin shows polls' changes in its history and "Recent actions" and
// the other way round.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "admin/change_message.hpp"
#include "db/database.hpp"
#include "db/timestamp.hpp"

namespace polls::admin {

// Django's ADDITION, CHANGE, DELETION.
enum class Action : int { Addition = 1, Change = 2, Deletion = 3 };

struct LogEntry {
  db::Timestamp action_time{};
  Action action = Action::Change;
  std::string object_id;
  std::string object_repr;
  bool object_is_question = false;  // the content type is polls.question (a link can be made)
};

class AdminLogRepository {
 public:
  explicit AdminLogRepository(db::Database& database) : database_(database) {}

  // Records an action on a question inside the caller's transaction (the change and its record
  // commit or roll back together). The polls.question content type is created if Django has not.
  static void record(db::Session& session, std::int64_t user_id, Action action,
                     std::int64_t question_id, std::string_view question_text,
                     std::string_view change_message, db::Timestamp now);

  // A user's latest entries, newest first (the admin home's "My actions").
  std::vector<LogEntry> recent_for_user(std::int64_t user_id, int limit = 10);

 private:
  db::Database& database_;
};

}  // namespace polls::admin
