// The admin's URL table (Django's admin.site.urls for the polls app).
#pragma once

#include "http/router.hpp"
#include "web/context.hpp"

namespace polls::admin {

void register_routes(http::Router& router, web::Context& ctx);

}  // namespace polls::admin
