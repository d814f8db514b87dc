// Who is voting: see voter.hpp.
#include "polls/voter.hpp"

#include "http/cookies.hpp"
#include "polls/receipts_repository.hpp"
#include "polls/rules.hpp"
#include "polls/voter_cookie.hpp"

namespace polls::polls_app {

namespace {

std::optional<std::string> browser_voter(const Deps& deps, const httplib::Request& req) {
  const auto value = http::find_cookie(req.get_header_value("Cookie"), kVoterCookieName);
  if (!value) return std::nullopt;
  return voter_of_cookie(deps.voters.secret_key, *value);
}

}  // namespace

std::optional<std::string> current_voter(const Deps& deps, const httplib::Request& req,
                                         const QuestionRules& rules) {
  if (rules.voters == Voters::OncePerStaff) {
    const auto user = deps.voters.staff_user ? deps.voters.staff_user(req) : std::nullopt;
    if (!user) return std::nullopt;
    return voter_of_user(*user);
  }
  return browser_voter(deps, req);
}

std::optional<std::string> voter_for_vote(const Deps& deps, const httplib::Request& req,
                                          httplib::Response& res, const QuestionRules& rules) {
  auto voter = current_voter(deps, req, rules);
  if (voter || rules.voters == Voters::OncePerStaff) return voter;
  const std::string cookie = new_voter_cookie(deps.voters.secret_key);
  http::CookieOptions options;
  options.max_age = kVoterCookieAgeSeconds;
  options.secure = deps.pages.is_https(req);
  res.set_header("Set-Cookie", http::set_cookie(kVoterCookieName, cookie, options));
  return voter_of_cookie(deps.voters.secret_key, cookie);
}

bool keeps_receipts(const QuestionRules& rules) {
  return rules.once() || rules.results == ResultsShown::AfterVote;
}

std::optional<std::optional<std::int64_t>> vote_of(const Deps& deps, const httplib::Request& req,
                                                   const QuestionWithChoices& found) {
  if (!keeps_receipts(found.rules)) return std::nullopt;
  const auto voter = current_voter(deps, req, found.rules);
  if (!voter) return std::nullopt;
  return ReceiptsRepository(deps.database).receipt(found.question.id, *voter);
}

std::string_view results_hidden_from(const Deps& deps, const httplib::Request& req,
                                     const QuestionWithChoices& found, Timestamp now) {
  if (results_visible(found.rules, false, now)) return "";
  return hidden_results_reason(found.rules, vote_of(deps, req, found).has_value(), now);
}

}  // namespace polls::polls_app
