// `polls serve`: migrate, serve, and on SIGTERM or SIGINT drain and exit 0.
#include <csignal>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/runtime.hpp"
#include "config/values.hpp"
#include "db/errors.hpp"
#include "http/listen_socket.hpp"
#include "ops/build_info.hpp"
#include "render/templates.hpp"
#include "security/random.hpp"
#include "site/site.hpp"

namespace polls::cli {

namespace {

// Blocks the stop signals in this thread and every thread it starts, so that sigwait() below is
// the one place that receives them (no async-signal-safety puzzles in handlers).
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that disconnects mid-response must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  return signals;
}

// Each client connection is an open file: takes what the hard limit allows, and says when that
// is fewer than max_connections need (then fewer connections are accepted).
void fit_connections_to_file_limit(config::Config& config, const ops::Logger& log) {
  // The database and the process need some files too.
  constexpr unsigned long kFilesBesideConnections = 128;
  const http::FileLimit files = http::raise_open_file_limit();
  if (files.now != files.before) {
    log.info("open-file limit raised", {{"from", static_cast<std::int64_t>(files.before)},
                                        {"to", static_cast<std::int64_t>(files.now)}});
  }
  const auto wanted = static_cast<unsigned long>(config.max_connections) + kFilesBesideConnections;
  if (files.now != 0 && files.now < wanted) {
    const auto fit = files.now > kFilesBesideConnections * 2 ? files.now - kFilesBesideConnections
                                                             : files.now / 2;
    log.warn("the open-file limit is below what max_connections needs: fewer connections fit",
             {{"max_connections", std::int64_t{config.max_connections}},
              {"open_file_limit", static_cast<std::int64_t>(files.now)},
              {"max_connections_in_effect", static_cast<std::int64_t>(fit)}});
    config.max_connections = static_cast<int>(fit);
  }
}

// The lines that say where polls answers: scripts read the URL from them (with port 0 in
// `listen`, the port the system chose).
void log_serving(const ops::Logger& log, const config::Config& config, const site::Site& site,
                 const db::Database& database, int port) {
  // Written whatever log_level says, each with the port actually bound (listen may say port 0);
  // "polls is serving" comes last, so whoever waits for it finds the metrics address before it.
  if (site.metrics_port() != 0) {
    const std::string url =
        "http://" + config::format_listen(config.metrics_listen->host, site.metrics_port());
    log.announce("metrics are served apart", {{"url", url + "/metrics"}});
  }
  log.announce(
      "polls is serving",
      {{"url", "http://" + config::format_listen(config.listen.host, port) + "/"},
       {"version", build_info::kVersion},
       {"commit", build_info::git_commit()},
       {"database", database.describe()},
       {"assets", config.assets_dir.empty() ? std::string("embedded") : config.assets_dir}});
}

}  // namespace

int run_serve(const Args& args) {
  const sigset_t signals = block_stop_signals();
  config::LoadedConfig loaded = load_config(args);
  config::Config& config = loaded.config;
  const ops::Logger log = make_logger(config);

  if (config.secret_key.empty()) {
    config.secret_key = security::random_token(50);
    log.warn(
        "SECRET_KEY is not set: using a random key for this run only; CSRF tokens will not "
        "survive a restart and several replicas will not agree. Set SECRET_KEY in production.");
  }

  std::unique_ptr<db::Database> database;
  try {
    database = open_migrated(config, log);
  } catch (const db::Misconfigured& e) {
    log.error("cannot start: the database configuration is wrong", {{"error", e.what()}});
    return kExitConfig;
  } catch (const db::Error& e) {
    log.error("cannot start: database error", {{"error", e.what()}});
    return kExitFailure;
  }

  fit_connections_to_file_limit(config, log);

  std::unique_ptr<site::Site> site;
  int port = 0;
  try {
    site = std::make_unique<site::Site>(config, *database, log);
    port = site->start();
  } catch (const std::exception& e) {
    log.error("cannot start", {{"error", e.what()}});
    return kExitFailure;
  }
  log_serving(log, config, *site, *database, port);

  int signal = 0;
  sigwait(&signals, &signal);
  log.info("shutting down", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"},
                             {"drain_seconds", std::int64_t{config.drain_seconds}}});
  site->begin_shutdown();
  if (!site->wait(std::chrono::seconds(config.drain_seconds))) {
    log.error("requests still running after the drain time; exiting anyway",
              {{"drain_seconds", std::int64_t{config.drain_seconds}}});
    std::_Exit(kExitFailure);
  }
  site.reset();
  database.reset();
  log.info("stopped");
  return kExitOk;
}

}  // namespace polls::cli
