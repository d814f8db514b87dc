// A question's poll from the admin: "Close poll now" on the change page, and the results as a
// CSV file to download.
#include "admin/page.hpp"
#include "admin/questions_repository.hpp"
#include "admin/urls.hpp"
#include "admin/views.hpp"
#include "auth/sessions_repository.hpp"
#include "http/errors.hpp"
#include "polls/results_chart.hpp"
#include "text/csv.hpp"

namespace polls::admin {

namespace {

// One row per choice, in creation order: its id, its text (defused: choices are typed by people
// and the file is meant for spreadsheets), its votes and its share as the results chart shows it.
std::string results_csv(const polls_app::QuestionWithChoices& found) {
  std::vector<std::int64_t> votes;
  for (const polls_app::Choice& choice : found.choices) votes.push_back(choice.votes);
  const polls_app::Chart chart = polls_app::chart_of(votes);
  text::CsvWriter csv;
  csv.plain("choice id").plain("choice").plain("votes").plain("percent").end_row();
  for (std::size_t i = 0; i < found.choices.size(); ++i) {
    const polls_app::Choice& choice = found.choices[i];
    csv.number(choice.id).text(choice.choice_text).number(choice.votes);
    csv.number(chart.shares[i].percent).end_row();
  }
  return csv.str();
}

}  // namespace

// POST: closes the poll now and goes back to the change page, which says so.
void question_close(Deps& deps, const Staff& staff, Request, Response res, Params p) {
  const std::int64_t id = p[0];
  const auto closing = QuestionsRepository(deps.database).close_poll(staff.user.id, id, deps.now());
  if (!closing) {
    missing(deps, res, staff, id);
    return;
  }
  const std::string poll = "The poll " + curly_quoted(closing->question_text);
  if (!closing->already_closed) {
    deps.log.info("poll closed", {{"id", std::to_string(id)}, {"username", staff.user.username}});
  }
  auth::SessionsRepository(deps.database)
      .set_message(staff.session_key,
                   poll + (closing->already_closed ? " was already closed." : " was closed."));
  redirect(res, http::reverse(urls::kQuestionChange, {id}));
}

// GET: the results as RFC 4180 CSV, whatever the question's results visibility (staff see the
// counts). UTF-8 without a byte order mark: RFC 4180 and most readers (LibreOffice, Google
// Sheets, Numbers, Python's csv, pandas) take UTF-8 as it is, while a BOM ends up in the first
// header's name for many of them; Excel's double-click guesses a legacy code page without one,
// which its "From Text/CSV" import avoids (README.md says so).
void question_results_csv(Deps& deps, const Staff&, Request, Response res, Params p) {
  const std::int64_t id = p[0];
  const auto found = QuestionsRepository(deps.database).find(id);
  if (!found) throw http::NotFound();
  res.set_content(results_csv(*found), "text/csv; charset=utf-8; header=present");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"question-" + std::to_string(id) + "-results.csv\"");
  // Private: never kept by a shared cache, nor on the disk of the browser's.
  res.set_header("Cache-Control", "private, no-store");
}

}  // namespace polls::admin
