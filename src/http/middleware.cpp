// See middleware.hpp.
#include "http/middleware.hpp"

#include <chrono>
#include <cstdint>
#include <string>

#include "http/errors.hpp"
#include "http/request_id.hpp"
#include "http/security_headers.hpp"

namespace polls::http {

int ContinueUnlessTooLarge::operator()(const httplib::Request& req, httplib::Response& res) const {
  if (req.get_header_value_u64("Content-Length") <= max_body_bytes) return 100;
  res.status = 413;
  return 413;
}

HandlerResponse assign_request_id(const httplib::Request& req, httplib::Response& res) {
  const std::string incoming = req.get_header_value(std::string(kRequestIdHeader));
  res.set_header(std::string(kRequestIdHeader),
                 is_acceptable_request_id(incoming) ? incoming : new_request_id());
  return HandlerResponse::Unhandled;
}

HandlerResponse RefuseTooLargeBody::operator()(const httplib::Request& req,
                                               httplib::Response& res) const {
  if (req.get_header_value_u64("Content-Length") <= max_body_bytes) {
    return HandlerResponse::Unhandled;
  }
  res.status = 413;
  return HandlerResponse::Handled;
}

void route_every_method(httplib::Server& engine, const Router& router) {
  const auto dispatch = [&router](const httplib::Request& req, httplib::Response& res) {
    router.dispatch(req, res);
  };
  engine.Get(kEveryPath, dispatch);
  engine.Post(kEveryPath, dispatch);
  engine.Put(kEveryPath, dispatch);
  engine.Patch(kEveryPath, dispatch);
  engine.Delete(kEveryPath, dispatch);
  engine.Options(kEveryPath, dispatch);
}

void MapExceptions::operator()(const httplib::Request& req, httplib::Response& res,
                               const std::exception_ptr& ep) const {
  res.body.clear();
  try {
    std::rethrow_exception(ep);
  } catch (const NotFound&) {
    res.status = 404;
  } catch (const Forbidden&) {
    res.status = 403;
  } catch (const BadRequest& e) {
    res.status = 400;
    log.info("bad request",
             {{"path", req.path}, {"reason", e.what()}, {"request_id", request_id(res)}});
  } catch (const std::exception& e) {
    if (map_exception && map_exception(e, req, res)) return;
    res.status = 500;
    log.error("internal error",
              {{"path", req.path}, {"error", e.what()}, {"request_id", request_id(res)}});
  } catch (...) {
    res.status = 500;
    log.error(
        "internal error",
        {{"path", req.path}, {"error", "unknown exception"}, {"request_id", request_id(res)}});
  }
}

HandlerResponse RenderErrorPages::operator()(const httplib::Request& req,
                                             httplib::Response& res) const {
  if (!res.body.empty()) return HandlerResponse::Unhandled;
  try {
    render(req, res);
  } catch (const std::exception& e) {
    log.error("error page failed", {{"status", std::int64_t{res.status}}, {"error", e.what()}});
    res.set_content("Error " + std::to_string(res.status) + "\n", "text/plain; charset=utf-8");
  }
  return HandlerResponse::Handled;
}

void ReportToObserver::operator()(const httplib::Request& req, httplib::Response& res) const {
  const int route = Router::take_matched_route();
  if (observer != nullptr) {
    observer->request_finished(route, res.status,
                               std::chrono::steady_clock::now() - req.start_time_);
  }
}

void drop_head_only_headers(const httplib::Request& req, httplib::Response& res) {
  if (req.method == "HEAD") res.headers.erase("Accept-Ranges");
}

void ensure_request_id(const httplib::Request& /*req*/, httplib::Response& res) {
  if (request_id(res).empty()) res.set_header(std::string(kRequestIdHeader), new_request_id());
}

void set_security_headers(const httplib::Request& /*req*/, httplib::Response& res) {
  add_security_headers(res);
}

void AccessLog::operator()(const httplib::Request& req, const httplib::Response& res) const {
  if (!log.enabled(ops::Level::Info)) return;
  const auto elapsed = std::chrono::steady_clock::now() - req.start_time_;
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  const auto bytes =
      static_cast<std::int64_t>(res.body.empty() ? res.content_length_ : res.body.size());
  log.info("request", {{"method", req.method},
                       {"path", req.path},
                       {"status", std::int64_t{res.status}},
                       {"bytes", bytes},
                       {"duration_ms", ms},
                       {"remote", req.remote_addr},
                       {"request_id", request_id(res)}});
}

}  // namespace polls::http
