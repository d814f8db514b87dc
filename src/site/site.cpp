// See site.hpp.
#include "site/site.hpp"

#include "admin/staff.hpp"
#include "admin/urls.hpp"

#include "admin/routes.hpp"
#include "api/responses.hpp"
#include "api/routes.hpp"
#include "landing/routes.hpp"
#include "ops_api/routes.hpp"
#include "polls/routes.hpp"
#include "site/database_errors.hpp"
#include "web/csrf_guard.hpp"

namespace polls::site {

using namespace std::chrono_literals;

namespace {
tz::TimeZone load_time_zone(const std::string& name) {
  auto zone = tz::TimeZone::load(name);
  if (!zone) throw std::runtime_error("unknown time zone \"" + name + "\"");
  return *zone;
}

http::EventStreamOptions live_stream_options(const config::Config& config) {
  http::EventStreamOptions options;
  options.max_streams = static_cast<std::size_t>(config.live_max_viewers);
  options.heartbeat = std::chrono::seconds(config.live_heartbeat_seconds);
  return options;
}

polls_app::LiveOptions live_options(const config::Config& config) {
  return {std::chrono::milliseconds(config.live_coalesce_ms),
          std::chrono::milliseconds(config.live_retry_ms)};
}

polls_app::VoteRateLimit vote_rate_limit(const config::Config& config) {
  return {config.vote_rate_limit, std::chrono::seconds(config.vote_rate_window_seconds)};
}

admin::Options admin_options_of(const config::Config& config) {
  admin::Options options;
  options.secret_key = config.secret_key;
  options.session_age_seconds = config.session_age_seconds;
  options.trust_x_forwarded_for = config.trust_x_forwarded_for;
  return options;
}

}  // namespace

Site::Site(const config::Config& config, db::Database& database, const ops::Logger& log,
           web::Clock now)
    : config_(config),
      log_(log),
      assets_(config.assets_dir),
      templates_(assets_),
      static_files_(assets_),
      csrf_(config.secret_key),
      time_zone_(load_time_zone(config.time_zone)),
      pages_(templates_, csrf_, config.trust_x_forwarded_proto),
      event_streams_(live_stream_options(config)),
      live_(database, event_streams_, log, live_options(config), now),
      vote_rate_(database, vote_rate_limit(config)),
      vote_batcher_(database, counters_),
      // Off while templates are read from disk (assets_dir): an edit there changes the pages
      // with no commit to tell the cache.
      page_cache_(config.assets_dir.empty()
                      ? static_cast<std::size_t>(config.page_cache_mib) * 1024 * 1024
                      : 0),
      landing_{pages_, time_zone_, now},
      polls_{database,   pages_,     now,           counters_,   live_,
             time_zone_, vote_rate_, vote_batcher_, page_cache_, {}},
      admin_{database, pages_, time_zone_, log, std::move(now), admin_options_of(config)} {
  polls_.voters.secret_key = config.secret_key;
  polls_.voters.trust_x_forwarded_for = config.trust_x_forwarded_for;
  polls_.voters.login_url = std::string(admin::urls::kLogin);
  polls_.voters.staff_user = [this](const httplib::Request& req) {
    return admin::signed_in_staff_id(admin_, req);
  };
  register_routes(database);
}

void Site::register_routes(db::Database& database) {
  // The URL table of the whole site, like Django's root urls.py.
  landing::register_routes(router_, landing_);
  polls_app::register_routes(router_, polls_);
  api::register_routes(router_, polls_);
  admin::register_routes(router_, admin_);
  ops_api::register_health_routes(router_, {database, shutting_down_});
  web::register_static_routes(router_, static_files_);
  // On its own address when configured, so that a public listener need not show it.
  ops_api::register_metrics_route(
      config_.metrics_listen ? metrics_router_ : router_,
      {request_metrics_, counters_, database, [this] { return connection_counts(); },
       event_streams_, page_cache_});
  router_.set_unsafe_method_guard(web::csrf_guard(pages_, log_, config_.csrf_trusted_origins));
}

http::ConnectionCounts Site::connection_counts() const {
  return main_.server ? main_.server->connection_counts() : http::ConnectionCounts{};
}

Site::~Site() {
  begin_shutdown();
  live_.stop();
  if (metrics_.server) metrics_.server->stop();
  main_.join();
  metrics_.join();
}

http::ServerOptions Site::server_options(const config::ListenAddress& listen) const {
  http::ServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.threads = config_.threads;
  options.max_threads = config_.max_threads;
  options.max_queued_requests = config_.max_queued_requests;
  options.max_body_bytes = static_cast<std::size_t>(config_.max_body_bytes);
  options.head_timeout_seconds = config_.head_timeout_seconds;
  options.body_timeout_seconds = config_.body_timeout_seconds;
  options.read_timeout_seconds = config_.read_timeout_seconds;
  options.write_timeout_seconds = config_.write_timeout_seconds;
  options.response_timeout_seconds = config_.response_timeout_seconds;
  options.keep_alive_timeout_seconds = config_.keep_alive_timeout_seconds;
  options.keep_alive_max_requests = config_.keep_alive_max_requests;
  options.max_connections = config_.max_connections;
  options.max_connections_per_address = config_.max_connections_per_address;
  options.answer_plain_requests = answer_plain_requests_;
  return options;
}

void Site::Serving::run() {
  std::packaged_task<void()> task([this] { server->run(); });
  done = task.get_future();
  thread = std::thread(std::move(task));
  server->wait_until_ready();
}

bool Site::Serving::wait_until(std::chrono::steady_clock::time_point deadline) {
  if (!done.valid()) return true;
  if (done.wait_until(deadline) != std::future_status::ready) return false;
  join();
  return true;
}

void Site::Serving::join() {
  if (thread.joinable()) thread.join();
}

int Site::start() {
  request_metrics_.name_routes(router_.route_names());
  http::ServerOptions options = server_options(config_.listen);
  options.observer = &request_metrics_;
  options.event_streams = &event_streams_;
  main_.server = std::make_unique<http::Server>(
      options, router_, log_,
      [this](const httplib::Request& req, httplib::Response& res) {
        // A program reading the API gets its errors as JSON, a person the HTML page.
        if (api::is_api_path(req.path)) {
          api::render_error(req, res);
        } else {
          pages_.render_error(req, res);
        }
      },
      database_errors_as_unavailable(log_));
  // Bound first so that a taken main port fails before anything serves.
  const int port = main_.server->bind();
  if (config_.metrics_listen) {
    http::ServerOptions metrics_options = server_options(*config_.metrics_listen);
    // A scraper or two, every few seconds: a small pool and few connections are plenty.
    metrics_options.threads = 2;
    metrics_options.max_threads = std::min(config_.max_threads, 8);
    metrics_options.max_connections = 64;
    metrics_options.max_queued_requests = 64;
    metrics_.server = std::make_unique<http::Server>(
        metrics_options, metrics_router_, log_,
        [](const httplib::Request&, httplib::Response& res) {
          res.set_content(std::to_string(res.status) + "\n", "text/plain; charset=utf-8");
        },
        database_errors_as_unavailable(log_));
    try {
      metrics_port_ = metrics_.server->bind();
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("metrics_listen: ") + e.what());
    }
    metrics_.run();
  }
  main_.run();
  live_.start();
  return port;
}

void Site::begin_shutdown() {
  shutting_down_ = true;
  if (main_.server) main_.server->stop();
}

bool Site::wait(std::chrono::seconds drain) {
  const auto deadline = std::chrono::steady_clock::now() + drain;
  if (!main_.wait_until(deadline)) return false;
  // /metrics answers through the drain, so a scrape still sees this process while it drains;
  // then it gets what is left of the drain time, and at least a second to close.
  if (!metrics_.server) return true;
  metrics_.server->stop();
  return metrics_.wait_until(std::max(deadline, std::chrono::steady_clock::now() + 1s));
}

}  // namespace polls::site
