// The voting rules' codes and the results-visibility decision.
#include "polls/rules.hpp"

namespace polls::polls_app {

std::string_view code_of(Voters voters) {
  switch (voters) {
    case Voters::Anyone:
      return "anyone";
    case Voters::OncePerBrowser:
      return "browser";
    case Voters::OncePerStaff:
      return "staff";
  }
  return "anyone";
}

std::string_view code_of(ResultsShown results) {
  switch (results) {
    case ResultsShown::Always:
      return "always";
    case ResultsShown::AfterVote:
      return "voted";
    case ResultsShown::AfterClose:
      return "closed";
  }
  return "always";
}

std::optional<Voters> voters_from_code(std::string_view code) {
  for (const Voters v : {Voters::Anyone, Voters::OncePerBrowser, Voters::OncePerStaff}) {
    if (code_of(v) == code) return v;
  }
  return std::nullopt;
}

std::optional<ResultsShown> results_from_code(std::string_view code) {
  for (const ResultsShown r :
       {ResultsShown::Always, ResultsShown::AfterVote, ResultsShown::AfterClose}) {
    if (code_of(r) == code) return r;
  }
  return std::nullopt;
}

bool results_visible(const QuestionRules& rules, bool has_voted, Timestamp now) {
  return hidden_results_reason(rules, has_voted, now).empty();
}

std::string_view hidden_results_reason(const QuestionRules& rules, bool has_voted, Timestamp now) {
  switch (rules.results) {
    case ResultsShown::Always:
      return "";
    // Once the poll has closed nobody can vote any more: hiding the counts would then hide them
    // from everyone who missed it, for good.
    case ResultsShown::AfterVote:
      return has_voted || rules.closed(now) ? "" : "The results are shown after you vote.";
    case ResultsShown::AfterClose:
      if (rules.closed(now)) return "";
      return rules.closes_at ? "The results are shown when the poll closes."
                             : "The results are shown when the poll is closed.";
  }
  return "";
}

}  // namespace polls::polls_app
