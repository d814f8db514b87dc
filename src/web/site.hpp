// The whole site wired together: assets, templates, apps and their routes, the HTTP server.
// `polls serve` runs one; the HTTP tests run one in-process on an ephemeral port.
#pragma once

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "assets/source.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "ops/log.hpp"
#include "render/templates.hpp"
#include "security/csrf.hpp"
#include "timezone/time_zone.hpp"
#include "web/context.hpp"
#include "web/static_files.hpp"

namespace polls::web {

class Site {
 public:
  // Throws render::TemplateError for broken templates and std::runtime_error for an unknown
  // time zone. config.secret_key must be set (serve generates one when it is not).
  Site(const config::Config& config, db::Database& database, const ops::Logger& log,
       std::function<db::Timestamp()> now = system_now);
  ~Site();

  // The router, to add routes before start() (tests add slow or failing ones).
  http::Router& router() { return router_; }
  Context& context() { return context_; }

  // Binds and serves on a background thread; returns the port.
  int start();
  // Readiness turns 503 and the listener closes; requests in flight go on.
  void begin_shutdown();
  // Waits up to `drain` for in-flight requests; false if they did not finish in time.
  bool wait(std::chrono::seconds drain);

 private:
  const config::Config& config_;
  std::atomic<bool> shutting_down_{false};
  assets::AssetSource assets_;
  render::Templates templates_;
  StaticFiles static_files_;
  security::Csrf csrf_;
  tz::TimeZone time_zone_;
  Context context_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::future<void> done_;
};

}  // namespace polls::web
