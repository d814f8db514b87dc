// The question page and the pages that refuse a vote: see detail_page.hpp.
#include "polls/detail_page.hpp"

#include "http/errors.hpp"
#include "http/form.hpp"
#include "http/router.hpp"
#include "polls/repository.hpp"
#include "polls/rules.hpp"
#include "polls/share.hpp"
#include "polls/urls.hpp"
#include "polls/voter.hpp"
#include "timezone/format.hpp"

namespace polls::polls_app {

QuestionWithChoices find_published(const Deps& deps, std::int64_t id) {
  auto found = PollsRepository(deps.database).find_published(id, deps.now());
  if (!found) throw http::NotFound();
  return std::move(*found);
}

render::Data question_data(const Question& q) {
  render::Data data;
  data.set("question_text", q.question_text);
  data.set("detail_url", http::reverse(urls::kDetail, {q.id}));
  return data;
}

void set_closing(render::Data& data, const Deps& deps, const QuestionRules& rules) {
  if (!rules.closes_at) return;
  data.set(rules.closed(deps.now()) ? "closed" : "closes", true);
  data.set("closes_on", tz::readable(*rules.closes_at, deps.time_zone));
  data.set("closes_iso", tz::iso8601(*rules.closes_at, deps.time_zone));
}

namespace {

std::string choice_text_of(const QuestionWithChoices& found, std::optional<std::int64_t> id) {
  for (const Choice& c : found.choices) {
    if (id && c.id == *id) return c.choice_text;
  }
  return "";
}

}  // namespace

void render_detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                   const QuestionWithChoices& found, std::string_view error_message, int status) {
  const QuestionRules& rules = found.rules;
  const auto voted = vote_of(deps, req, found);
  const std::optional<std::int64_t> voted_choice = voted ? *voted : std::nullopt;
  render::Data data;
  data.set("title", found.question.question_text);
  data.set("question", question_data(found.question));
  data.set("results_url", http::reverse(urls::kResults, {found.question.id}));
  set_closing(data, deps, rules);
  bool may_vote = !rules.closed(deps.now());
  if (may_vote && rules.voters == Voters::OncePerStaff && !current_voter(deps, req, rules)) {
    may_vote = false;
    const std::string here = http::reverse(urls::kDetail, {found.question.id});
    data.set("login_url", deps.voters.login_url + "?next=" + http::percent_encode(here, false));
  }
  if (voted && rules.once()) {
    const std::string text = choice_text_of(found, voted_choice);
    data.set("voted", true);
    if (!text.empty()) data.set("voted_choice", text);
    may_vote = may_vote && rules.allow_change;
    data.set("change_vote", may_vote);
  }
  if (may_vote) {
    render::List choices;
    for (const Choice& c : found.choices) {
      render::Data choice;
      choice.set("id", std::to_string(c.id));
      choice.set("choice_text", c.choice_text);
      choice.set("checked", voted_choice == c.id);
      choices.push_back(choice);
    }
    data.set("form", true);
    data.set("vote_url", http::reverse(urls::kVote, {found.question.id}));
    data.set("choices", choices);
    data.set("csrf_token", deps.pages.csrf_token(req, res));
  }
  if (!error_message.empty()) data.set("error_message", std::string(error_message));
  if (const auto url =
          share_url(deps.pages, req, http::reverse(urls::kDetail, {found.question.id}))) {
    data.set("share_url", *url);
    data.set("share_code", share_code_svg(*url));
  }
  // The page depends on the voter when the question keeps receipts or asks who is signed in.
  if (keeps_receipts(rules)) res.set_header("Cache-Control", "private, no-cache");
  deps.pages.render(res, "polls/detail.html", data, status);
}

void render_refusal(const Deps& deps, httplib::Response& res, const QuestionWithChoices& found,
                    int status, std::string_view heading, std::string_view message) {
  render::Data data;
  data.set("title", std::string(heading));
  data.set("heading", std::string(heading));
  data.set("message", std::string(message));
  data.set("question", question_data(found.question));
  data.set("results_url", http::reverse(urls::kResults, {found.question.id}));
  res.set_header("Cache-Control", "private, no-cache");
  deps.pages.render(res, "polls/refusal.html", data, status);
}

}  // namespace polls::polls_app
