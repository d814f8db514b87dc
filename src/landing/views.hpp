// The landing page: the current date and time in the configured time zone.
#pragma once

#include <httplib.h>

#include "web/context.hpp"

namespace polls::landing {

void home(web::Context& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace polls::landing
