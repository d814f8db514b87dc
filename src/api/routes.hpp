// The JSON API's URL table.
#pragma once

#include "api/deps.hpp"
#include "http/router.hpp"

namespace polls::api {

// deps must outlive the router (the routes keep a reference: a temporary is refused).
void register_routes(http::Router& router, const Deps& deps);
void register_routes(http::Router& router, const Deps&& deps) = delete;

}  // namespace polls::api
