// The polls views: a request in, a template context out.
#include "polls/views.hpp"

#include "http/errors.hpp"
#include "polls/repository.hpp"
#include "text/integer.hpp"
#include "text/messages.hpp"
#include "web/form_fields.hpp"
#include "web/pages.hpp"

namespace polls::polls_app {

namespace {

render::Data question_data(const Question& q) {
  render::Data data;
  data.set("id", std::to_string(q.id));
  data.set("question_text", q.question_text);
  return data;
}

void render_detail(web::Context& ctx, const httplib::Request& req, httplib::Response& res,
                   const QuestionWithChoices& found, bool choice_missing) {
  render::List choices;
  for (const Choice& c : found.choices) {
    render::Data choice;
    choice.set("id", std::to_string(c.id));
    choice.set("choice_text", c.choice_text);
    choices.push_back(choice);
  }
  render::Data data;
  data.set("title", found.question.question_text);
  data.set("question", question_data(found.question));
  data.set("choices", choices);
  data.set("csrf_token", web::csrf_token(ctx, req, res));
  if (choice_missing) data.set("error_message", "You didn't select a choice.");
  web::render_page(ctx, res, "polls/detail.html", data);
}

}  // namespace

std::string votes_label(std::int64_t votes) { return text::counted(votes, "vote", "votes"); }

std::optional<std::int64_t> parse_choice_id(std::string_view text) {
  return text::parse_digits<std::int64_t>(text);
}

void index(web::Context& ctx, const httplib::Request&, httplib::Response& res) {
  PollsRepository repository(ctx.database);
  render::List questions;
  for (const Question& q : repository.latest_published(ctx.now()))
    questions.push_back(question_data(q));
  render::Data data;
  data.set("title", "Polls");
  data.set("has_questions", !questions.empty());
  data.set("latest_question_list", questions);
  web::render_page(ctx, res, "polls/index.html", data);
}

void detail(web::Context& ctx, const httplib::Request& req, httplib::Response& res,
            std::int64_t id) {
  PollsRepository repository(ctx.database);
  const auto found = repository.find_published(id, ctx.now());
  if (!found) throw http::NotFound();
  render_detail(ctx, req, res, *found, false);
}

void results(web::Context& ctx, const httplib::Request&, httplib::Response& res, std::int64_t id) {
  PollsRepository repository(ctx.database);
  const auto found = repository.find_published(id, ctx.now());
  if (!found) throw http::NotFound();
  render::List choices;
  for (const Choice& c : found->choices) {
    render::Data choice;
    choice.set("choice_text", c.choice_text);
    choice.set("votes_label", votes_label(c.votes));
    choices.push_back(choice);
  }
  render::Data data;
  data.set("title", found->question.question_text);
  data.set("question", question_data(found->question));
  data.set("choices", choices);
  web::render_page(ctx, res, "polls/results.html", data);
}

void vote(web::Context& ctx, const httplib::Request& req, httplib::Response& res, std::int64_t id) {
  PollsRepository repository(ctx.database);
  const auto found = repository.find_published(id, ctx.now());
  if (!found) throw http::NotFound();
  const auto submitted = web::form_field(req, "choice");
  const auto choice = submitted ? parse_choice_id(*submitted) : std::nullopt;
  if (!choice || !repository.vote(id, *choice)) {
    // As in the tutorial: show the question again, count nothing.
    render_detail(ctx, req, res, *found, true);
    return;
  }
  ctx.counters.votes.fetch_add(1, std::memory_order_relaxed);
  // Redirect after a successful POST, so Back or Reload cannot vote twice.
  res.set_redirect("/polls/" + std::to_string(id) + "/results/", 302);
}

}  // namespace polls::polls_app
