// The polls app's URL table (the tutorial's polls/urls.py).
#pragma once

#include "http/router.hpp"
#include "polls/deps.hpp"

namespace polls::polls_app {

// deps must outlive the router.
void register_routes(http::Router& router, const Deps& deps);

}  // namespace polls::polls_app
