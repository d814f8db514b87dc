// Django's CSRF protection as the router's guard for unsafe methods: the Origin (or Referer)
// must be this site or a trusted origin, and the form's token (or the X-CSRFToken header) must
// match the csrftoken cookie; otherwise a 403 page, and a warning in the log.
#pragma once

#include <string>
#include <vector>

#include "http/router.hpp"
#include "ops/log.hpp"
#include "web/pages.hpp"

namespace polls::web {

// The references must outlive the router.
http::Guard csrf_guard(const Pages& pages, const ops::Logger& log,
                       std::vector<std::string> trusted_origins);

}  // namespace polls::web
