// The landing app's URL table.
#pragma once

#include "http/router.hpp"
#include "web/context.hpp"

namespace polls::landing {

void register_routes(http::Router& router, web::Context& ctx);

}  // namespace polls::landing
