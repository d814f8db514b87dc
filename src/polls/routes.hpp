// The polls app's URL table (the tutorial's polls/urls.py).
#pragma once

#include "http/router.hpp"
#include "web/context.hpp"

namespace polls::polls_app {

void register_routes(http::Router& router, web::Context& ctx);

}  // namespace polls::polls_app
