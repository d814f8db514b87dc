// The admin's SQL for questions and their choices: the change list (search, date filter,
// sorting, pages), loading any question whatever its date, saving a form (with its voting rules)
// in one transaction with its admin log entry, closing a poll now, and deleting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "admin/admin_log_repository.hpp"
#include "admin/question_form.hpp"
#include "db/database.hpp"
#include "polls/models.hpp"

namespace polls::admin {

constexpr int kQuestionsPerPage = 100;  // Django's list_per_page

// Sort orders of the change list: Django's "o" parameter, column number, negative descending.
// Column 3 ("Published recently?") sorts by pub_date, as the tutorial's admin_order_field says.
enum class Order { Default, TextAsc, TextDesc, DateAsc, DateDesc };

struct ListQuery {
  std::string search;                  // substring of question_text, case-insensitive (ASCII)
  std::optional<db::Timestamp> from;   // pub_date >= from
  std::optional<db::Timestamp> until;  // pub_date < until
  Order order = Order::Default;        // Default: newest id first, as Django without ordering
  int page = 1;                        // 1-based
};

// A row of the change list: the question and when its poll closes (its Status column).
struct ListedQuestion {
  polls_app::Question question;
  std::optional<db::Timestamp> closes_at;
};

struct QuestionList {
  std::vector<ListedQuestion> questions;  // the page asked for
  std::int64_t matched = 0;               // rows the search and filter select
  std::int64_t total = 0;                 // all questions
};

// What a save did, for the message and the redirect.
struct SaveResult {
  std::int64_t id = 0;
  std::vector<ChangePart> changes;
};

// What closing a poll did, for the message.
struct Closing {
  std::string question_text;
  bool already_closed = false;  // it had closed before: its time was kept, nothing was logged
};

// The question (or one of its choices) changed under the form: deleted meanwhile.
class StaleForm : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class QuestionsRepository {
 public:
  explicit QuestionsRepository(db::Database& database) : database_(database) {}

  QuestionList list(const ListQuery& query);

  // Any question, published or not, with its choices in creation order.
  std::optional<polls_app::QuestionWithChoices> find(std::int64_t id);

  // Adds (id absent) or changes a question from a valid form, with its choices, and logs it as
  // user_id, all in one transaction. Throws StaleForm if the question or a choice being changed
  // no longer exists.
  SaveResult save(std::int64_t user_id, std::optional<std::int64_t> id, const QuestionForm& form,
                  db::Timestamp now);

  // Closes the question's poll at now, keeping its other rules, logs it and tells live results,
  // in one transaction; nullopt if the question is gone. A poll already closed stays closed at
  // its earlier time.
  std::optional<Closing> close_poll(std::int64_t user_id, std::int64_t id, db::Timestamp now);

  // Deletes the question and its choices and logs it; false if it was already gone.
  bool remove(std::int64_t user_id, std::int64_t id, db::Timestamp now);

 private:
  db::Database& database_;
};

// The LIKE pattern for a search: %text% with %, _ and \ escaped, lower-cased (ASCII).
std::string search_pattern(std::string_view search);

}  // namespace polls::admin
