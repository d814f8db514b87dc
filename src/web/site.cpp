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
      context_{config,     database, templates_,     csrf_,
               time_zone_, log,      std::move(now), shutting_down_} {
  // The URL table of the whole site, like Django's root urls.py.
  landing::register_routes(router_, context_);
  polls_app::register_routes(router_, context_);
  admin::register_routes(router_, context_);
  ops::register_health_routes(router_, context_);
  register_static_routes(router_, static_files_);
  router_.set_unsafe_method_guard(csrf_guard(context_));
}

Site::~Site() {
  begin_shutdown();
  if (thread_.joinable()) thread_.join();
}

int Site::start() {
  const config::ListenAddress listen = config::parse_listen(config_.listen);
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
  server_ = std::make_unique<http::Server>(
      options, router_, context_.log, [this](const httplib::Request& req, httplib::Response& res) {
        render_error_page(context_, req, res);
      });
  const int port = server_->bind();
  std::packaged_task<void()> task([this] { server_->run(); });
  done_ = task.get_future();
  thread_ = std::thread(std::move(task));
  server_->wait_until_ready();
  return port;
}

void Site::begin_shutdown() {
  shutting_down_ = true;
  if (server_) server_->stop();
}

bool Site::wait(std::chrono::seconds drain) {
  if (!done_.valid()) return true;
  if (done_.wait_for(drain) != std::future_status::ready) return false;
  thread_.join();
  return true;
}

}  // namespace polls::web
