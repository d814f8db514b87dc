// See views.hpp.
#include "api/views.hpp"

#include <optional>
#include <string_view>

#include "api/pagination.hpp"
#include "api/question_json.hpp"
#include "api/responses.hpp"
#include "api/urls.hpp"
#include "polls/repository.hpp"
#include "polls/voter.hpp"

namespace polls::api {

namespace {

std::optional<std::string_view> query_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  // httplib keeps the request's params for as long as the request: a view may point into them.
  return req.params.find(name)->second;
}

}  // namespace

void poll_list(const Deps& deps, const httplib::Request& req, httplib::Response& res,
               const http::Params&) {
  const auto number = page_number(query_param(req, "page"));
  if (!number) {
    send_error(res, 404, "Invalid page.");
    return;
  }
  polls_app::PollsRepository repository(deps.database);
  const polls_app::Timestamp now = deps.now();
  const Page page{*number, repository.count_published(now)};
  if (!page.exists()) {
    send_error(res, 404, "Invalid page.");
    return;
  }
  const auto questions = repository.published_page(now, page.offset(), kPageSize);
  send_json(req, res, list_json(page, urls::kPolls, questions, {deps.time_zone, now}),
            Audience::Everyone);
}

void poll_detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                 const http::Params& p) {
  const polls_app::Timestamp now = deps.now();
  const auto found = polls_app::PollsRepository(deps.database).find_published(p[0], now);
  if (!found) {
    send_error(res, 404, "Not found.");
    return;
  }
  const std::string_view hidden = polls_app::results_hidden_from(deps, req, *found, now);
  // Until the poll closes, "after you vote" shows each voter their own answer.
  const bool per_voter =
      found->rules.results == polls_app::ResultsShown::AfterVote && !found->rules.closed(now);
  send_json(req, res, detail_json(*found, hidden, {deps.time_zone, now}),
            per_voter ? Audience::PerVoter : Audience::Everyone);
}

void preflight(const Deps&, const httplib::Request&, httplib::Response& res, const http::Params&) {
  answer_preflight(res);
}

}  // namespace polls::api
