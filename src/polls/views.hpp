// The polls app's views (the Django tutorial's index, detail, results and vote), and the pure
// helpers they use.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>

#include "http/router.hpp"
#include "web/context.hpp"

namespace polls::polls_app {

// "1 vote", "0 votes", "2 votes": the tutorial's {{ votes }} vote{{ votes|pluralize }}.
std::string votes_label(std::int64_t votes);

// A choice id as submitted: digits only, fitting in 64 bits; nullopt otherwise.
std::optional<std::int64_t> parse_choice_id(std::string_view text);

void index(web::Context& ctx, const httplib::Request& req, httplib::Response& res);
void detail(web::Context& ctx, const httplib::Request& req, httplib::Response& res,
            std::int64_t id);
void results(web::Context& ctx, const httplib::Request& req, httplib::Response& res,
             std::int64_t id);
void vote(web::Context& ctx, const httplib::Request& req, httplib::Response& res, std::int64_t id);

}  // namespace polls::polls_app
