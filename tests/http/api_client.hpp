// Helpers of the JSON API's HTTP tests: GET a path and parse the body strictly, vote through the
// page's form and keep the voter cookie it sets, and set a question's rules.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "http/support.hpp"
#include "polls/models.hpp"
#include "support/json_value.hpp"

namespace polls::test {

// A response and its body as JSON (the test fails when the body is not strictly valid JSON).
struct JsonResponse {
  int status = 0;
  httplib::Headers headers;
  testing::JsonValue json;
  std::string body;
  std::string header(const std::string& name) const;
};

// GET (or another method) of path with these headers; requires an answer with a JSON body.
JsonResponse get_json(TestSite& site, const std::string& path,
                      const httplib::Headers& headers = {});

// Votes for choice through the question's page form (with a CSRF token) and returns the
// "polls_voter=..." cookie the vote set (empty when the rules keep no receipts, so set none);
// requires the vote to be counted (302).
std::string vote_as_new_voter(TestSite& site, std::int64_t question, std::int64_t choice);

// Writes the question's rules, as the admin does.
void set_rules(TestSite& site, std::int64_t question, const polls_app::QuestionRules& rules);

}  // namespace polls::test
