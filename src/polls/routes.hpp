// The polls app's URL table (the tutorial's polls/urls.py).
#pragma once

#include "http/router.hpp"
#include "polls/deps.hpp"

namespace polls::polls_app {

// deps must outlive the router (the routes keep a reference: a temporary is refused).
void register_routes(http::Router& router, const Deps& deps);
void register_routes(http::Router& router, const Deps&& deps) = delete;

}  // namespace polls::polls_app
