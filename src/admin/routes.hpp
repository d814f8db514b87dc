// The admin's URL table (Django's admin.site.urls for the polls app).
#pragma once

#include "admin/deps.hpp"
#include "http/router.hpp"

namespace polls::admin {

// deps must outlive the router; its options may still be changed before the site serves.
void register_routes(http::Router& router, Deps& deps);

}  // namespace polls::admin
