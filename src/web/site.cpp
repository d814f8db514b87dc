// See site.hpp.
#include "web/site.hpp"

#include "admin/routes.hpp"
#include "config/values.hpp"
#include "landing/routes.hpp"
#include "ops/health.hpp"
#include "polls/routes.hpp"
#include "web/pages.hpp"

namespace polls::web {

namespace {
tz::TimeZone load_time_zone(const std::string& name) {
  auto zone = tz::TimeZone::load(name);
  if (!zone) throw std::runtime_error("unknown time zone \"" + name + "\"");
  return *zone;
}
}  // namespace

Site::Site(const config::Config& config, db::Database& database, const ops::Logger& log,
           std::function<db::Timestamp()> now)
    : config_(config),
      assets_(config.assets_dir),
      templates_(assets_),
      static_files_(assets_),
      csrf_(config.secret_key),
      time_zone_(load_time_zone(config.time_zone)),
      context_{config, database,       templates_,     csrf_,    time_zone_,
               log,    std::move(now), shutting_down_, counters_} {
  // The URL table of the whole site, like Django's root urls.py.
  landing::register_routes(router_, context_);
  polls_app::register_routes(router_, context_);
  admin::register_routes(router_, context_);
  ops::register_health_routes(router_, context_);
  register_static_routes(router_, static_files_);
  // On its own address when configured, so that a public listener need not show it.
  ops::register_metrics_route(
      config.metrics_listen.empty() ? router_ : metrics_router_,
      {request_metrics_, counters_, database, [this] { return open_connections(); }});
  router_.set_unsafe_method_guard(csrf_guard(context_));
}

int Site::open_connections() const { return server_ ? server_->open_connections() : 0; }

Site::~Site() {
  begin_shutdown();
  if (thread_.joinable()) thread_.join();
  if (metrics_thread_.joinable()) metrics_thread_.join();
}

http::ServerOptions Site::server_options(const std::string& listen_address) const {
  const config::ListenAddress listen = config::parse_listen(listen_address);
  http::ServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.threads = config_.threads;
  options.max_threads = config_.max_threads;
  options.max_body_bytes = static_cast<std::size_t>(config_.max_body_bytes);
  options.read_timeout_seconds = config_.read_timeout_seconds;
  options.write_timeout_seconds = config_.write_timeout_seconds;
  options.keep_alive_timeout_seconds = config_.keep_alive_timeout_seconds;
  options.keep_alive_max_requests = config_.keep_alive_max_requests;
  return options;
}

void Site::start_metrics_server() {
  http::ServerOptions options = server_options(config_.metrics_listen);
  // A scraper or two, every few seconds: a small pool is plenty.
  options.threads = 2;
  options.max_threads = std::min(config_.max_threads, 16);
  metrics_server_ = std::make_unique<http::Server>(
      options, metrics_router_, context_.log, [](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::to_string(res.status) + "\n", "text/plain; charset=utf-8");
      });
  metrics_port_ = metrics_server_->bind();
  metrics_thread_ = std::thread([this] { metrics_server_->run(); });
  metrics_server_->wait_until_ready();
}

int Site::start() {
  request_metrics_.name_routes(router_.route_names());
  http::ServerOptions options = server_options(config_.listen);
  options.metrics = &request_metrics_;
  server_ = std::make_unique<http::Server>(
      options, router_, context_.log, [this](const httplib::Request& req, httplib::Response& res) {
        render_error_page(context_, req, res);
      });
  // Bound first so that a taken main port fails before anything serves.
  const int port = server_->bind();
  if (!config_.metrics_listen.empty()) start_metrics_server();
  std::packaged_task<void()> task([this] { server_->run(); });
  done_ = task.get_future();
  thread_ = std::thread(std::move(task));
  server_->wait_until_ready();
  return port;
}

void Site::begin_shutdown() {
  shutting_down_ = true;
  if (server_) server_->stop();
  if (metrics_server_) metrics_server_->stop();
}

bool Site::wait(std::chrono::seconds drain) {
  if (!done_.valid()) return true;
  if (done_.wait_for(drain) != std::future_status::ready) return false;
  thread_.join();
  if (metrics_thread_.joinable()) metrics_thread_.join();
  return true;
}

}  // namespace polls::web
