// The landing app's URL table (the original project's landing_page/urls.py).
#pragma once

#include "http/router.hpp"
#include "landing/deps.hpp"

namespace polls::landing {

void register_routes(http::Router& router, Deps deps);

}  // namespace polls::landing
