// See question_json.hpp.
#include "api/question_json.hpp"

#include "api/urls.hpp"
#include "http/router.hpp"
#include "polls/rules.hpp"
#include "polls/urls.hpp"
#include "text/json.hpp"
#include "timezone/format.hpp"

namespace polls::api {

namespace {

using polls_app::Question;
using polls_app::QuestionRules;
using text::JsonWriter;

void optional_text(JsonWriter& json, const std::optional<std::string>& text) {
  if (text) {
    json.value(*text);
  } else {
    json.null();
  }
}

// The members the list and the detail share, inside the question's object.
void question_members(JsonWriter& json, const Question& q, const QuestionRules& rules,
                      const JsonContext& context) {
  json.key("id").value(q.id);
  json.key("question_text").value(q.question_text);
  json.key("pub_date").value(tz::iso8601(q.pub_date, context.zone));
  json.key("url").value(http::reverse(urls::kPoll, {q.id}));
  json.key("page_url").value(http::reverse(polls_app::urls::kDetail, {q.id}));
  json.key("closes_at");
  if (rules.closes_at) {
    json.value(tz::iso8601(*rules.closes_at, context.zone));
  } else {
    json.null();
  }
  json.key("closed").value(rules.closed(context.now));
  json.key("voters").value(polls_app::code_of(rules.voters));
  json.key("results").value(polls_app::code_of(rules.results));
}

void choices(JsonWriter& json, const std::vector<polls_app::Choice>& choices, bool with_votes) {
  json.key("choices").begin_array();
  for (const polls_app::Choice& c : choices) {
    json.begin_object().key("id").value(c.id).key("choice_text").value(c.choice_text);
    if (with_votes) json.key("votes").value(c.votes);
    json.end_object();
  }
  json.end_array();
}

}  // namespace

std::string list_json(const Page& page, std::string_view base,
                      const std::vector<polls_app::QuestionWithRules>& questions,
                      const JsonContext& context) {
  JsonWriter json;
  json.begin_object().key("count").value(page.count);
  json.key("next");
  optional_text(json, page.next(base));
  json.key("previous");
  optional_text(json, page.previous(base));
  json.key("results").begin_array();
  for (const polls_app::QuestionWithRules& item : questions) {
    json.begin_object();
    question_members(json, item.question, item.rules, context);
    json.end_object();
  }
  json.end_array().end_object();
  return json.take();
}

std::string detail_json(const polls_app::QuestionWithChoices& found, std::string_view hidden_reason,
                        const JsonContext& context) {
  const bool visible = hidden_reason.empty();
  JsonWriter json;
  json.begin_object();
  question_members(json, found.question, found.rules, context);
  json.key("results_visible").value(visible);
  if (!visible) json.key("results_hidden_reason").value(hidden_reason);
  choices(json, found.choices, visible);
  if (visible) {
    std::int64_t total = 0;
    for (const polls_app::Choice& c : found.choices) total += c.votes;
    json.key("total_votes").value(total);
  }
  json.end_object();
  return json.take();
}

std::string error_json(std::string_view detail) {
  JsonWriter json;
  json.begin_object().key("detail").value(detail).end_object();
  return json.take();
}

}  // namespace polls::api
