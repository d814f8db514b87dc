// See database_errors.hpp.
#include "site/database_errors.hpp"

#include "db/errors.hpp"

namespace polls::site {

http::ExceptionMapper database_errors_as_unavailable(const ops::Logger& log) {
  return [&log](const std::exception& e, const httplib::Request& req, httplib::Response& res) {
    // While serving, a rotated password or a dropped database (Misconfigured) is the database's
    // state, not this request's fault: try again later, as for an unreachable server.
    if (dynamic_cast<const db::Unavailable*>(&e) == nullptr &&
        dynamic_cast<const db::Misconfigured*>(&e) == nullptr) {
      return false;
    }
    res.status = 503;
    res.set_header("Retry-After", "5");
    log.warn("database unavailable",
             {{"path", req.path}, {"error", e.what()}, {"request_id", http::request_id(res)}});
    return true;
  };
}

}  // namespace polls::site
