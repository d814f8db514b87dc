// The polls views: a request in, a template context out.
#include "polls/views.hpp"

#include <vector>

#include "http/errors.hpp"
#include "http/event_stream_format.hpp"
#include "http/event_streams.hpp"
#include "polls/repository.hpp"
#include "polls/results_chart.hpp"
#include "polls/results_event.hpp"
#include "polls/urls.hpp"
#include "text/integer.hpp"
#include "text/messages.hpp"

namespace polls::polls_app {

namespace {

render::Data question_data(const Question& q) {
  render::Data data;
  data.set("question_text", q.question_text);
  data.set("detail_url", http::reverse(urls::kDetail, {q.id}));
  return data;
}

QuestionWithChoices find_published(const Deps& deps, std::int64_t id) {
  auto found = PollsRepository(deps.database).find_published(id, deps.now());
  if (!found) throw http::NotFound();
  return std::move(*found);
}

void render_detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
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
  data.set("vote_url", http::reverse(urls::kVote, {found.question.id}));
  data.set("results_url", http::reverse(urls::kResults, {found.question.id}));
  data.set("choices", choices);
  data.set("csrf_token", deps.pages.csrf_token(req, res));
  if (choice_missing) data.set("error_message", "You didn't select a choice.");
  deps.pages.render(res, "polls/detail.html", data);
}

}  // namespace

std::string votes_label(std::int64_t votes) { return text::counted(votes, "vote", "votes"); }

std::optional<std::int64_t> parse_choice_id(std::string_view text) {
  return text::parse_digits<std::int64_t>(text);
}

void index(const Deps& deps, const httplib::Request&, httplib::Response& res, const http::Params&) {
  PollsRepository repository(deps.database);
  render::List questions;
  for (const Question& q : repository.latest_published(deps.now()))
    questions.push_back(question_data(q));
  render::Data data;
  data.set("title", "Polls");
  data.set("has_questions", !questions.empty());
  data.set("latest_question_list", questions);
  deps.pages.render(res, "polls/index.html", data);
}

void detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
            const http::Params& p) {
  render_detail(deps, req, res, find_published(deps, p[0]), false);
}

void results(const Deps& deps, const httplib::Request&, httplib::Response& res,
             const http::Params& p) {
  const QuestionWithChoices found = find_published(deps, p[0]);
  std::vector<std::int64_t> votes;
  votes.reserve(found.choices.size());
  for (const Choice& c : found.choices) votes.push_back(c.votes);
  const Chart chart = chart_of(votes);
  render::List choices;
  for (std::size_t i = 0; i < found.choices.size(); ++i) {
    const Choice& c = found.choices[i];
    const Share& share = chart.shares[i];
    render::Data choice;
    choice.set("id", std::to_string(c.id));
    choice.set("choice_text", c.choice_text);
    choice.set("votes_label", votes_label(c.votes));
    choice.set("percent", std::to_string(share.percent));
    choice.set("leading", share.leading);
    choices.push_back(choice);
  }
  render::Data data;
  data.set("title", found.question.question_text);
  data.set("question", question_data(found.question));
  data.set("question_id", std::to_string(found.question.id));
  data.set("events_url", http::reverse(urls::kEvents, {found.question.id}));
  data.set("choices", choices);
  data.set("total_label", votes_label(chart.total));
  deps.pages.render(res, "polls/results.html", data);
}

void vote(const Deps& deps, const httplib::Request& req, httplib::Response& res,
          const http::Params& p) {
  const std::int64_t id = p[0];
  const QuestionWithChoices found = find_published(deps, id);
  const auto submitted = p.form().first("choice");
  const auto choice = submitted ? parse_choice_id(*submitted) : std::nullopt;
  if (!choice || !PollsRepository(deps.database).vote(id, *choice)) {
    // As in the tutorial: show the question again, count nothing.
    render_detail(deps, req, res, found, true);
    return;
  }
  deps.counters.votes.fetch_add(1, std::memory_order_relaxed);
  deps.live.changed(id);
  // Redirect after a successful POST, so Back or Reload cannot vote twice.
  res.set_redirect(http::reverse(urls::kResults, {id}), 302);
}

void events(const Deps& deps, const httplib::Request& req, httplib::Response& res,
            const http::Params& p) {
  const std::int64_t id = p[0];
  // The place is taken before the counts are read, so that a vote counted after this read
  // reaches the stream too (event_streams.hpp).
  http::EventStreams::Ticket ticket = deps.live.streams().reserve(static_cast<std::uint64_t>(id));
  if (!ticket) {
    // As many viewers as this process holds: the client (or its EventSource) tries later,
    // perhaps on another replica.
    res.status = 503;
    res.set_header("Retry-After", "10");
    return;
  }
  const ResultsEvent state = results_event(find_published(deps, id));
  std::string first = http::sse::retry(deps.live.options().retry);
  if (http::sse::last_event_id(req.get_header_value("Last-Event-ID")) != state.id) {
    first += http::sse::event(state.id, state.data);
  }
  http::open_event_stream(req, res, std::move(ticket), std::move(first), state.id);
}

}  // namespace polls::polls_app
