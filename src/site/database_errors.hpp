// What a database failure means to a client, decided here rather than in http/ (which knows no
// database): the exception mapper the site installs on its servers.
#pragma once

#include "http/server.hpp"
#include "ops/log.hpp"

namespace polls::site {

// db::Unavailable and db::Misconfigured become a 503 with Retry-After (logged as a warning);
// anything else is left to the server (a 500). `log` must outlive the mapper.
http::ExceptionMapper database_errors_as_unavailable(const ops::Logger& log);

}  // namespace polls::site
