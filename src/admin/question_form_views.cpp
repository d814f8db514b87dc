// Adding, changing and deleting a question with its choices.
#include "admin/page.hpp"
#include "admin/question_form.hpp"
#include "admin/questions_repository.hpp"
#include "admin/urls.hpp"
#include "admin/views.hpp"
#include "auth/sessions_repository.hpp"
#include "polls/rules.hpp"
#include "text/messages.hpp"
#include "timezone/format.hpp"

namespace polls::admin {

namespace {

std::string row_name(std::size_t row, std::string_view field) {
  return std::string(kChoicePrefix) + "-" + std::to_string(row) + "-" + std::string(field);
}

void set_if(render::Data& data, const std::string& name, const std::string& value) {
  if (!value.empty()) data.set(name, value);
}

// The inline formset's rows, with Django's field names; initial counts the existing choices.
render::List choice_rows(const QuestionForm& form, std::size_t& initial) {
  render::List rows;
  for (std::size_t i = 0; i < form.choices.size(); ++i) {
    const ChoiceRow& choice = form.choices[i];
    render::Data row;
    row.set("number", std::to_string(i + 1));
    row.set("id_name", row_name(i, "id"));
    row.set("text_name", row_name(i, "choice_text"));
    row.set("votes_name", row_name(i, "votes"));
    row.set("delete_name", row_name(i, "DELETE"));
    row.set("text_id", "id_" + row_name(i, "choice_text"));
    row.set("votes_id", "id_" + row_name(i, "votes"));
    row.set("delete_id", "id_" + row_name(i, "DELETE"));
    if (choice.id) {
      row.set("id", std::to_string(*choice.id));
      ++initial;
    }
    if (choice.initial_votes) {
      row.set("initial_votes_name", "initial-" + row_name(i, "votes"));
      row.set("initial_votes", std::to_string(*choice.initial_votes));
    }
    row.set("choice_text", choice.choice_text);
    row.set("votes", choice.votes);
    row.set("remove", choice.remove);
    set_if(row, "text_error", choice.choice_text_error);
    set_if(row, "votes_error", choice.votes_error);
    rows.push_back(row);
  }
  return rows;
}

// A select's options: each code with its label, the one typed selected.
template <typename Rule, std::size_t N>
render::List rule_options(const Rule (&all)[N], std::string_view selected) {
  render::List options;
  for (const Rule rule : all) {
    render::Data option;
    option.set("code", std::string(polls_app::code_of(rule)));
    option.set("label", std::string(label_of(rule)));
    option.set("selected", polls_app::code_of(rule) == selected);
    options.push_back(option);
  }
  return options;
}

// The Voting fieldset, as typed.
void set_rules(render::Data& data, const RulesForm& rules) {
  data.set("voter_options", rule_options(kAllVoters, rules.voters));
  data.set("results_options", rule_options(kAllResults, rules.results));
  data.set("allow_change", rules.allow_change);
  data.set("closes_date", rules.closes_date);
  data.set("closes_time", rules.closes_time);
  if (rules.initial_closes) data.set("initial_closes", *rules.initial_closes);
  set_if(data, "voters_error", rules.voters_error);
  set_if(data, "results_error", rules.results_error);
  set_if(data, "closes_date_error", rules.closes_date_error);
  set_if(data, "closes_time_error", rules.closes_time_error);
}

// The change page's poll box: whether it is open, its "Close poll now" button while it is, and
// the results download.
void set_poll_state(render::Data& data, const Deps& deps, std::int64_t id,
                    const polls_app::QuestionRules& stored) {
  render::Data poll;
  const bool closed = stored.closed(deps.now());
  if (!stored.closes_at) {
    poll.set("state", "Open");
  } else {
    poll.set("state", closed ? "Closed on" : "Closes on");
    poll.set("closes_on", tz::readable(*stored.closes_at, deps.time_zone));
    poll.set("closes_iso", tz::iso8601(*stored.closes_at, deps.time_zone));
  }
  if (!closed) poll.set("close_url", http::reverse(urls::kQuestionClose, {id}));
  poll.set("csv_url", http::reverse(urls::kQuestionResultsCsv, {id}));
  data.set("poll", poll);
}

// stored: the question's rules as saved, on a change page (for its poll box).
void render_form(Deps& deps, Request req, Response res, const Staff& staff,
                 const QuestionForm& form, std::optional<std::int64_t> id, bool submitted,
                 const polls_app::QuestionRules* stored = nullptr) {
  const std::string title = id ? "Change question" : "Add question";
  render::Data data = page_data(deps, req, res, &staff, title,
                                {{"Home", std::string(urls::kHome)},
                                 {"Questions", std::string(urls::kQuestionList)},
                                 {title, ""}});
  data.set("action",
           id ? http::reverse(urls::kQuestionChange, {*id}) : std::string(urls::kQuestionAdd));
  if (id && staff.permissions.remove) {
    data.set("delete_url", http::reverse(urls::kQuestionDelete, {*id}));
  }
  data.set("question_text", form.question_text);
  data.set("pub_date", form.pub_date);
  data.set("pub_time", form.pub_time);
  // For the Today and Now buttons: the site's offset from UTC now, so that they fill in the
  // site's date and time, which is how the server reads the fields, whatever the browser's zone.
  const auto offset =
      deps.time_zone.offset_at(std::chrono::floor<std::chrono::seconds>(deps.now())).utc_offset;
  data.set("utc_offset", std::to_string(offset.count()));
  set_if(data, "question_text_error", form.question_text_error);
  set_if(data, "pub_date_error", form.pub_date_error);
  set_if(data, "pub_time_error", form.pub_time_error);
  set_rules(data, form.rules);
  if (id && stored != nullptr) set_poll_state(data, deps, *id, *stored);
  if (submitted && !form.valid()) {
    data.set("error_summary", form.error_count() == 1 ? "Please correct the error below."
                                                      : "Please correct the errors below.");
  }
  render::List form_errors;
  for (const std::string& error : form.form_errors) form_errors.push_back(render::Data(error));
  data.set("form_errors", form_errors);

  std::size_t initial = 0;
  const render::List rows = choice_rows(form, initial);
  data.set("choices", rows);
  data.set("total_forms", std::to_string(form.choices.size()));
  data.set("initial_forms", std::to_string(initial));
  data.set("total_forms_name", std::string(kChoicePrefix) + "-TOTAL_FORMS");
  data.set("initial_forms_name", std::string(kChoicePrefix) + "-INITIAL_FORMS");
  render_admin(deps, res, "question_form.html", data);
}

// Saves a valid form and redirects as the pressed button asks, with Django's messages.
void save_and_redirect(Deps& deps, Request req, Response res, Params p, const Staff& staff,
                       QuestionForm& form, std::optional<std::int64_t> id) {
  SaveResult saved;
  try {
    saved = QuestionsRepository(deps.database).save(staff.user.id, id, form, deps.now());
  } catch (const StaleForm& e) {
    form.form_errors.emplace_back(e.what());
    render_form(deps, req, res, staff, form, id, true);
    return;
  }
  deps.log.info(id ? "question changed" : "question added",
                {{"id", std::to_string(saved.id)},
                 {"username", staff.user.username},
                 {"changes", change_message_text(saved.changes)}});
  const http::Form& submitted = p.form();
  std::string message = "The question " + curly_quoted(form.question_text) + " was " +
                        (id ? "changed" : "added") + " successfully.";
  std::string location(urls::kQuestionList);
  if (submitted.contains("_continue")) {
    message += " You may edit it again below.";
    location = http::reverse(urls::kQuestionChange, {saved.id});
  } else if (submitted.contains("_addanother")) {
    message += " You may add another question below.";
    location = urls::kQuestionAdd;
  }
  auth::SessionsRepository(deps.database).set_message(staff.session_key, message);
  redirect(res, location);
}

}  // namespace

std::string curly_quoted(std::string_view text) { return "“" + std::string(text) + "”"; }

void missing(Deps& deps, Response res, const Staff& staff, std::int64_t id) {
  auth::SessionsRepository(deps.database)
      .set_message(staff.session_key, "Question with ID " + curly_quoted(std::to_string(id)) +
                                          " doesn’t exist. Perhaps it was deleted?");
  redirect(res, std::string(urls::kHome));
}

void question_add_page(Deps& deps, const Staff& staff, Request req, Response res, Params) {
  render_form(deps, req, res, staff, blank_question_form(), std::nullopt, false);
}

void question_add_submit(Deps& deps, const Staff& staff, Request req, Response res, Params p) {
  QuestionForm form = read_question_form(p.form(), {}, deps.time_zone);
  if (!form.valid()) {
    render_form(deps, req, res, staff, form, std::nullopt, true);
    return;
  }
  save_and_redirect(deps, req, res, p, staff, form, std::nullopt);
}

void question_change_page(Deps& deps, const Staff& staff, Request req, Response res, Params p) {
  const auto found = QuestionsRepository(deps.database).find(p[0]);
  if (!found) {
    missing(deps, res, staff, p[0]);
    return;
  }
  render_form(deps, req, res, staff, question_form_for(*found, deps.time_zone), p[0], false,
              &found->rules);
}

void question_change_submit(Deps& deps, const Staff& staff, Request req, Response res, Params p) {
  const auto found = QuestionsRepository(deps.database).find(p[0]);
  if (!found) {
    missing(deps, res, staff, p[0]);
    return;
  }
  QuestionForm form = read_question_form(p.form(), found->choices, deps.time_zone);
  if (!form.valid()) {
    render_form(deps, req, res, staff, form, p[0], true, &found->rules);
    return;
  }
  save_and_redirect(deps, req, res, p, staff, form, p[0]);
}

void question_delete_page(Deps& deps, const Staff& staff, Request req, Response res, Params p) {
  const std::int64_t id = p[0];
  const auto found = QuestionsRepository(deps.database).find(id);
  if (!found) {
    missing(deps, res, staff, id);
    return;
  }
  const std::string change_url = http::reverse(urls::kQuestionChange, {id});
  render::Data data = page_data(deps, req, res, &staff, "Are you sure?",
                                {{"Home", std::string(urls::kHome)},
                                 {"Questions", std::string(urls::kQuestionList)},
                                 {found->question.question_text, change_url},
                                 {"Delete", ""}});
  data.set("question_text", found->question.question_text);
  data.set("action", http::reverse(urls::kQuestionDelete, {id}));
  data.set("change_url", change_url);
  const auto count = static_cast<std::int64_t>(found->choices.size());
  data.set("choice_count", text::counted(count, "choice", "choices"));
  render::List choices;
  for (const auto& choice : found->choices) choices.push_back(render::Data(choice.choice_text));
  data.set("choices", choices);
  data.set("has_choices", count > 0);
  render_admin(deps, res, "question_delete.html", data);
}

void question_delete_submit(Deps& deps, const Staff& staff, Request, Response res, Params p) {
  const std::int64_t id = p[0];
  QuestionsRepository questions(deps.database);
  const auto found = questions.find(id);
  if (!found || !questions.remove(staff.user.id, id, deps.now())) {
    missing(deps, res, staff, id);
    return;
  }
  deps.log.info("question deleted",
                {{"id", std::to_string(id)}, {"username", staff.user.username}});
  auth::SessionsRepository(deps.database)
      .set_message(staff.session_key, "The question " +
                                          curly_quoted(found->question.question_text) +
                                          " was deleted successfully.");
  redirect(res, std::string(urls::kQuestionList));
}

}  // namespace polls::admin
