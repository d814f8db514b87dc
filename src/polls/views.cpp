// The polls views: a request in, a template context out.
#include "polls/views.hpp"

#include <vector>

#include "http/errors.hpp"
#include "http/event_stream_format.hpp"
#include "http/event_streams.hpp"
#include "polls/detail_page.hpp"
#include "polls/page_caching.hpp"
#include "polls/repository.hpp"
#include "polls/results_chart.hpp"
#include "polls/results_event.hpp"
#include "polls/rules.hpp"
#include "polls/share.hpp"
#include "polls/urls.hpp"
#include "polls/voter.hpp"
#include "text/integer.hpp"
#include "text/messages.hpp"

namespace polls::polls_app {

std::string votes_label(std::int64_t votes) { return text::counted(votes, "vote", "votes"); }

std::optional<std::int64_t> parse_choice_id(std::string_view text) {
  return text::parse_digits<std::int64_t>(text);
}

void index(const Deps& deps, const httplib::Request& req, httplib::Response& res,
           const http::Params&) {
  CachedPage cached(deps, "index");
  if (cached.serve(req, res)) return;
  PollsRepository repository(deps.database);
  render::List questions;
  for (const Question& q : repository.latest_published(cached.now()))
    questions.push_back(question_data(q));
  render::Data data;
  data.set("title", "Polls");
  data.set("has_questions", !questions.empty());
  data.set("latest_question_list", questions);
  deps.pages.render(res, "polls/index.html", data);
  // The list changes with the clock when the next question is published.
  cached.keep(res, repository.next_publication(cached.now()).value_or(Timestamp::max()));
}

void detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
            const http::Params& p) {
  // The page shows its share link as this request reached it (share.hpp): one page per address.
  const std::string path = http::reverse(urls::kDetail, {p[0]});
  CachedPage cached(deps, "detail " + path + " " + share_url(deps.pages, req, path).value_or(""));
  if (cached.serve(req, res)) return;
  const Deps at_now = cached.at_now();
  const QuestionWithChoices found = find_published(at_now, p[0]);
  render_detail(at_now, req, res, found, "");
  // A page that knows the voter (their vote, their login) is theirs alone.
  if (!keeps_receipts(found.rules)) cached.keep(res, question_turns_at(found.rules, cached.now()));
}

namespace {

// The results page of question `id`, rendered with deps (whose clock is stopped at cached.now())
// and kept in `cached` when it is everyone's.
void render_results(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                    std::int64_t id, CachedPage& cached) {
  const QuestionWithChoices found = find_published(deps, id);
  render::Data data;
  data.set("title", found.question.question_text);
  data.set("question", question_data(found.question));
  set_closing(data, deps, found.rules);
  // Vote again: where the voter may (Django's link), not on a poll they can no longer vote on.
  const bool closed = found.rules.closed(deps.now());
  if (!closed && (!found.rules.once() || found.rules.allow_change)) data.set("vote_again", true);
  if (keeps_receipts(found.rules)) res.set_header("Cache-Control", "private, no-cache");
  const std::string_view hidden = results_hidden_from(deps, req, found, deps.now());
  // A page that knows the voter (whether they voted) is theirs alone.
  const bool shared = !keeps_receipts(found.rules);
  const Timestamp turns_at = question_turns_at(found.rules, cached.now());
  if (!hidden.empty()) {
    data.set("hidden_reason", std::string(hidden));
    deps.pages.render(res, "polls/results.html", data);
    if (shared) cached.keep(res, turns_at);
    return;
  }
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
  data.set("shown", true);
  data.set("question_id", std::to_string(found.question.id));
  data.set("events_url", http::reverse(urls::kEvents, {found.question.id}));
  data.set("choices", choices);
  data.set("total_label", votes_label(chart.total));
  deps.pages.render(res, "polls/results.html", data);
  if (shared) cached.keep(res, turns_at);
}

}  // namespace

void results(const Deps& deps, const httplib::Request& req, httplib::Response& res,
             const http::Params& p) {
  CachedPage cached(deps, "results " + std::to_string(p[0]));
  if (cached.serve(req, res)) return;
  render_results(cached.at_now(), req, res, p[0], cached);
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
  const QuestionWithChoices found = find_published(deps, id);
  if (!results_hidden_from(deps, req, found, deps.now()).empty()) throw http::Forbidden();
  const ResultsEvent state = results_event(found);
  std::string first = http::sse::retry(deps.live.options().retry);
  if (http::sse::last_event_id(req.get_header_value("Last-Event-ID")) != state.id) {
    first += http::sse::event(state.id, state.data);
  }
  http::open_event_stream(req, res, std::move(ticket), std::move(first), state.id);
}

}  // namespace polls::polls_app
