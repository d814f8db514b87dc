// The polls app's views (the Django tutorial's index, detail, results and vote), and the pure
// helpers they use.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/router.hpp"
#include "polls/deps.hpp"

namespace polls::polls_app {

// "1 vote", "0 votes", "2 votes": the tutorial's {{ votes }} vote{{ votes|pluralize }}.
std::string votes_label(std::int64_t votes);

// A choice id as submitted: digits only, fitting in 64 bits; nullopt otherwise.
std::optional<std::int64_t> parse_choice_id(std::string_view text);

// Every view's shape: p[0] is the question id where the URL has one.
using View = void (*)(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                      const http::Params& p);

void index(const Deps& deps, const httplib::Request& req, httplib::Response& res,
           const http::Params& p);
void detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
            const http::Params& p);
void results(const Deps& deps, const httplib::Request& req, httplib::Response& res,
             const http::Params& p);
void vote(const Deps& deps, const httplib::Request& req, httplib::Response& res,
          const http::Params& p);
// The question's counts as Server-Sent Events (results_event.hpp), for the results page to
// follow: the current state first (unless Last-Event-ID names it), then each change.
void events(const Deps& deps, const httplib::Request& req, httplib::Response& res,
            const http::Params& p);

}  // namespace polls::polls_app
