// The JSON API's views: the published polls, a page at a time, and one poll with its choices
// and, when this request may see them, its counts. Read-only: voting stays on the pages, with
// their CSRF check and one-vote rules.
#pragma once

#include <httplib.h>

#include "api/deps.hpp"
#include "http/router.hpp"

namespace polls::api {

// GET /api/polls/?page=N: published questions, newest first.
void poll_list(const Deps& deps, const httplib::Request& req, httplib::Response& res,
               const http::Params& p);
// GET /api/polls/<id>/: one published question, its choices, and its counts when visible.
void poll_detail(const Deps& deps, const httplib::Request& req, httplib::Response& res,
                 const http::Params& p);
// OPTIONS on either: the CORS preflight.
void preflight(const Deps& deps, const httplib::Request& req, httplib::Response& res,
               const http::Params& p);

}  // namespace polls::api
