// SQL of the question admin: see questions.hpp.
#include "admin/questions.hpp"

#include "polls/repository.hpp"

namespace polls::admin {

namespace {

using polls_app::Choice;
using polls_app::Question;
using polls_app::QuestionWithChoices;

// Bounds that select every date Django can store (years 1 to 9999), for a filter not in use (one
// statement serves both).
constexpr db::Timestamp kEarliest{
    std::chrono::sys_days{std::chrono::year{1} / std::chrono::January / 1}.time_since_epoch()};
constexpr db::Timestamp kLatest{
    std::chrono::sys_days{std::chrono::year{10000} / std::chrono::January / 1}.time_since_epoch() -
    std::chrono::microseconds{1}};

#define POLLS_LIST_SELECT                                               \
  "SELECT id, question_text, pub_date FROM polls_question "             \
  "WHERE ($1 = '' OR lower(question_text) LIKE lower($1) ESCAPE '\\') " \
  "AND pub_date >= $2 AND pub_date < $3 "
#define POLLS_LIST_PAGE " LIMIT $4 OFFSET $5"

// One constant per order: statements are prepared once per connection, keyed by the constant.
constexpr std::string_view kListDefault = POLLS_LIST_SELECT "ORDER BY id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListTextAsc =
    POLLS_LIST_SELECT "ORDER BY question_text ASC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListTextDesc =
    POLLS_LIST_SELECT "ORDER BY question_text DESC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListDateAsc =
    POLLS_LIST_SELECT "ORDER BY pub_date ASC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListDateDesc =
    POLLS_LIST_SELECT "ORDER BY pub_date DESC, id DESC" POLLS_LIST_PAGE;
constexpr std::string_view kListCount =
    "SELECT count(*) FROM polls_question "
    "WHERE ($1 = '' OR lower(question_text) LIKE lower($1) ESCAPE '\\') "
    "AND pub_date >= $2 AND pub_date < $3";
constexpr std::string_view kCountAll = "SELECT count(*) FROM polls_question";

#undef POLLS_LIST_SELECT
#undef POLLS_LIST_PAGE

std::string_view list_sql(Order order) {
  switch (order) {
    case Order::TextAsc:
      return kListTextAsc;
    case Order::TextDesc:
      return kListTextDesc;
    case Order::DateAsc:
      return kListDateAsc;
    case Order::DateDesc:
      return kListDateDesc;
    case Order::Default:
      break;
  }
  return kListDefault;
}

constexpr std::string_view kSelectOne =
    "SELECT id, question_text, pub_date FROM polls_question WHERE id = $1";
constexpr std::string_view kSelectChoices =
    "SELECT id, choice_text, votes FROM polls_choice WHERE question_id = $1 ORDER BY id";

std::optional<QuestionWithChoices> load(db::Session& session, std::int64_t id) {
  const db::Rows question = session.query(kSelectOne, {id});
  if (question.empty()) return std::nullopt;
  QuestionWithChoices found{polls_app::question_from_row(question, 0), {}};
  const db::Rows choices = session.query(kSelectChoices, {id});
  for (std::size_t i = 0; i < choices.size(); ++i) {
    found.choices.push_back({choices.integer(i, 0), id, choices.text(i, 1), choices.integer(i, 2)});
  }
  return found;
}

const Choice* choice_with_id(const QuestionWithChoices& found, std::int64_t id) {
  for (const Choice& choice : found.choices) {
    if (choice.id == id) return &choice;
  }
  return nullptr;
}

ChangePart choice_part(ChangePart::Kind kind, std::string_view text) {
  ChangePart part;
  part.kind = kind;
  part.related_name = "choice";
  part.related_object = std::string(text);
  return part;
}

constexpr std::string_view kInsertQuestion =
    "INSERT INTO polls_question (question_text, pub_date) VALUES ($1, $2) RETURNING id";
constexpr std::string_view kUpdateQuestion =
    "UPDATE polls_question SET question_text = $1, pub_date = $2 WHERE id = $3";
constexpr std::string_view kInsertChoice =
    "INSERT INTO polls_choice (question_id, choice_text, votes) VALUES ($1, $2, $3)";
constexpr std::string_view kUpdateChoice =
    "UPDATE polls_choice SET choice_text = $1, votes = $2 WHERE id = $3 AND question_id = $4";
constexpr std::string_view kUpdateChoiceText =
    "UPDATE polls_choice SET choice_text = $1 WHERE id = $2 AND question_id = $3";
constexpr std::string_view kDeleteChoice =
    "DELETE FROM polls_choice WHERE id = $1 AND question_id = $2";
constexpr std::string_view kDeleteChoices = "DELETE FROM polls_choice WHERE question_id = $1";
constexpr std::string_view kDeleteQuestion = "DELETE FROM polls_question WHERE id = $1";

}  // namespace

std::string search_pattern(std::string_view search) {
  if (search.empty()) return {};
  std::string pattern = "%";
  for (const char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  pattern += '%';
  return pattern;
}

QuestionList QuestionAdmin::list(const ListQuery& query) {
  const std::string pattern = search_pattern(query.search);
  const db::Timestamp from = query.from.value_or(kEarliest);
  const db::Timestamp until = query.until.value_or(kLatest);
  const std::int64_t page = std::max(query.page, 1);
  auto session = database_.read();
  QuestionList result;
  const db::Rows rows = session->query(
      list_sql(query.order), {std::string_view(pattern), from, until,
                              std::int64_t{kQuestionsPerPage}, (page - 1) * kQuestionsPerPage});
  for (std::size_t i = 0; i < rows.size(); ++i)
    result.questions.push_back(polls_app::question_from_row(rows, i));
  result.matched =
      session->query(kListCount, {std::string_view(pattern), from, until}).integer(0, 0);
  result.total = session->query(kCountAll).integer(0, 0);
  return result;
}

std::optional<QuestionWithChoices> QuestionAdmin::find(std::int64_t id) {
  auto session = database_.read();
  return load(*session, id);
}

SaveResult QuestionAdmin::save(std::int64_t user_id, std::optional<std::int64_t> id,
                               const QuestionForm& form, db::Timestamp now) {
  auto session = database_.write();
  db::Transaction transaction(*session);
  SaveResult result;
  std::optional<QuestionWithChoices> current;
  db::Timestamp pub_date = form.parsed_pub_date;
  if (id) {
    current = load(*session, *id);
    if (!current) throw StaleForm("This question no longer exists: it may have been deleted.");
    // The form shows whole seconds: a date saved back unchanged keeps its microseconds (Django
    // reads the initial value the same way), so an untouched save changes nothing.
    if (std::chrono::floor<std::chrono::seconds>(current->question.pub_date) == pub_date) {
      pub_date = current->question.pub_date;
    }
    ChangePart own;
    if (current->question.question_text != form.question_text)
      own.fields.emplace_back("Question text");
    if (current->question.pub_date != pub_date) own.fields.emplace_back("Date published");
    if (!own.fields.empty()) result.changes.push_back(own);
    const std::int64_t updated =
        session->execute(kUpdateQuestion, {std::string_view(form.question_text), pub_date, *id});
    if (updated != 1) throw StaleForm("This question no longer exists: it may have been deleted.");
    result.id = *id;
  } else {
    result.id = session->query(kInsertQuestion, {std::string_view(form.question_text), pub_date})
                    .integer(0, 0);
    result.changes.push_back({ChangePart::Added, {}, {}, {}});
  }

  // Django's order in a change message: the formset's additions, then changes, then deletions.
  std::vector<ChangePart> added;
  std::vector<ChangePart> changed;
  std::vector<ChangePart> deleted;
  const auto gone = [] {
    return StaleForm("A choice no longer exists: it may have been deleted.");
  };
  for (const ChoiceRow& row : form.choices) {
    if (!row.id) {
      if (row.remove || row.blank()) continue;
      session->execute(kInsertChoice,
                       {result.id, std::string_view(row.choice_text), row.parsed_votes});
      added.push_back(choice_part(ChangePart::Added, row.choice_text));
      continue;
    }
    const Choice* before = current ? choice_with_id(*current, *row.id) : nullptr;
    if (before == nullptr) throw gone();
    if (row.remove) {
      if (session->execute(kDeleteChoice, {*row.id, result.id}) != 1) throw gone();
      deleted.push_back(choice_part(ChangePart::Deleted, before->choice_text));
      continue;
    }
    // Votes the user left as shown are not written: votes cast meanwhile stay counted.
    const bool votes_edited = !row.initial_votes || *row.initial_votes != row.parsed_votes;
    ChangePart part = choice_part(ChangePart::Changed, row.choice_text);
    if (before->choice_text != row.choice_text) part.fields.emplace_back("Choice text");
    if (votes_edited && before->votes != row.parsed_votes) part.fields.emplace_back("Votes");
    if (part.fields.empty()) continue;
    const std::int64_t updated =
        votes_edited ? session->execute(kUpdateChoice, {std::string_view(row.choice_text),
                                                        row.parsed_votes, *row.id, result.id})
                     : session->execute(kUpdateChoiceText,
                                        {std::string_view(row.choice_text), *row.id, result.id});
    if (updated != 1) throw gone();
    changed.push_back(std::move(part));
  }
  for (auto* parts : {&added, &changed, &deleted}) {
    for (ChangePart& part : *parts) result.changes.push_back(std::move(part));
  }
  AdminLog::record(*session, user_id, id ? Action::Change : Action::Addition, result.id,
                   form.question_text, change_message_json(result.changes), now);
  transaction.commit();
  return result;
}

bool QuestionAdmin::remove(std::int64_t user_id, std::int64_t id, db::Timestamp now) {
  auto session = database_.write();
  db::Transaction transaction(*session);
  const db::Rows question = session->query(kSelectOne, {id});
  if (question.empty()) return false;
  session->execute(kDeleteChoices, {id});
  session->execute(kDeleteQuestion, {id});
  AdminLog::record(*session, user_id, Action::Deletion, id, question.text(0, 1), "", now);
  transaction.commit();
  return true;
}

}  // namespace polls::admin
