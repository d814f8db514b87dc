// The whole site wired together, the one place that knows every app: it builds each app's Deps
// from the configuration and registers its routes (like Django's root urls.py), and runs the
// HTTP servers. `polls serve` runs one; the HTTP tests run one in-process on an ephemeral port.
#pragma once

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "admin/deps.hpp"
#include "assets/source.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "landing/deps.hpp"
#include "ops/app_counters.hpp"
#include "ops/log.hpp"
#include "ops_api/request_metrics.hpp"
#include "polls/deps.hpp"
#include "polls/live_results.hpp"
#include "render/templates.hpp"
#include "security/csrf.hpp"
#include "timezone/time_zone.hpp"
#include "web/clock.hpp"
#include "web/page_cache.hpp"
#include "web/pages.hpp"
#include "web/static_files.hpp"

namespace polls::site {

class Site {
 public:
  // Throws render::TemplateError for broken templates (a missing partial; any error in templates
  // read from assets_dir) and std::runtime_error for an unknown time zone. config.secret_key must
  // be set (serve generates one when it is not).
  Site(const config::Config& config, db::Database& database, const ops::Logger& log,
       web::Clock now = web::system_now);
  ~Site();

  // The router, to add routes before start() (tests add slow or failing ones).
  http::Router& router() { return router_; }
  // The admin's settings, to change before start() (tests lower the password work).
  admin::Options& admin_options() { return admin_.options; }
  // The polls app's, likewise.
  polls_app::Deps& polls_deps() { return polls_; }
  // Whether the server answers plain GET and HEAD requests itself (http::ServerOptions), to
  // change before start(): tests compare its answers with cpp-httplib's.
  void answer_plain_requests(bool on) { answer_plain_requests_ = on; }

  // Binds and serves on a background thread (and /metrics on its own address when
  // metrics_listen is set); returns the port.
  int start();
  // The port /metrics listens on when metrics_listen is set, after start(); else 0.
  int metrics_port() const { return metrics_port_; }
  // Readiness turns 503 and the listener closes; requests in flight go on.
  void begin_shutdown();
  // Waits up to `drain` for in-flight requests, then closes the /metrics listener (which served
  // through the drain); false if they did not finish in time.
  bool wait(std::chrono::seconds drain);
  // The site listener's connections by state, and its refusals and time-outs (as /metrics).
  http::ConnectionCounts connection_counts() const;

 private:
  // One listener and the thread serving it.
  struct Serving {
    std::unique_ptr<http::Server> server;
    std::thread thread;
    std::future<void> done;
    // Serves on a new thread; returns once it listens.
    void run();
    // Whether serving ended by the deadline (then the thread is joined).
    bool wait_until(std::chrono::steady_clock::time_point deadline);
    void join();
  };

  http::ServerOptions server_options(const config::ListenAddress& listen) const;

  void register_routes(db::Database& database);

  const config::Config& config_;
  const ops::Logger& log_;
  std::atomic<bool> shutting_down_{false};
  assets::AssetSource assets_;
  render::Templates templates_;
  web::StaticFiles static_files_;
  security::Csrf csrf_;
  tz::TimeZone time_zone_;
  ops::AppCounters counters_;
  web::Pages pages_;
  // The live results streams the main listener holds, and their publisher.
  http::EventStreams event_streams_;
  polls_app::LiveResults live_;
  polls_app::VoteRateLimiter vote_rate_;
  polls_app::VoteBatcher vote_batcher_;
  web::PageCache page_cache_;  // the polls pages, per data version
  // Each app's dependencies; the routes hold references to them.
  landing::Deps landing_;
  polls_app::Deps polls_;
  admin::Deps admin_;
  http::Router router_;
  ops_api::RequestMetrics request_metrics_;
  // The separate /metrics listener's routes, when metrics_listen is set.
  http::Router metrics_router_;
  Serving main_;
  Serving metrics_;
  int metrics_port_ = 0;
  bool answer_plain_requests_ = true;
};

}  // namespace polls::site
