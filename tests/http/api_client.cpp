// See api_client.hpp.
#include "http/api_client.hpp"

#include <doctest/doctest.h>

#include "polls/repository.hpp"

namespace polls::test {

std::string JsonResponse::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

JsonResponse get_json(TestSite& site, const std::string& path, const httplib::Headers& headers) {
  auto client = site.client();
  const auto res = client.Get(path, headers);
  REQUIRE_MESSAGE(res, path);
  INFO("GET ", path, " -> ", res->status, ": ", res->body);
  std::string error;
  auto json = testing::parse_json(res->body, &error);
  REQUIRE_MESSAGE(json, error);
  return {res->status, res->headers, std::move(*json), res->body};
}

std::string vote_as_new_voter(TestSite& site, std::int64_t question, std::int64_t choice) {
  const CsrfPair csrf = site.csrf(question);
  auto client = site.client();
  const auto res = client.Post(
      "/polls/" + std::to_string(question) + "/vote/", cookie_headers(csrf),
      form_body({{"csrfmiddlewaretoken", csrf.token}, {"choice", std::to_string(choice)}}),
      "application/x-www-form-urlencoded");
  REQUIRE(res);
  REQUIRE(res->status == 302);
  const auto [first, last] = res->headers.equal_range("Set-Cookie");
  for (auto it = first; it != last; ++it) {
    if (it->second.starts_with("polls_voter=")) return it->second.substr(0, it->second.find(';'));
  }
  return {};
}

void set_rules(TestSite& site, std::int64_t question, const polls_app::QuestionRules& rules) {
  auto session = site.database().write();
  polls_app::save_rules(*session, question, rules);
}

}  // namespace polls::test
