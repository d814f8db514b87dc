// `polls healthcheck [--ready]`: asks the running server whether it is alive (or ready), for a
// container's HEALTHCHECK and Kubernetes exec probes, where a scratch image has no curl.
#include <httplib.h>

#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/runtime.hpp"
#include "config/values.hpp"

namespace polls::cli {

namespace {

constexpr time_t kTimeoutSeconds = 2;  // probes have timeouts of their own: answer well within

// The address to dial for a listen address: a wildcard means "this host", so loopback.
std::string dial_host(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::") return "::1";
  return host;
}

}  // namespace

int run_healthcheck(const Args& args) {
  const config::LoadedConfig loaded = load_config(args);
  const config::ListenAddress& listen = loaded.config.listen;
  if (listen.port == 0) {
    // 1 like any other failed probe: Docker reserves a health check's exit status 2.
    std::cerr << "polls healthcheck: listen has port 0 (any): no port to probe\n";
    return kExitFailure;
  }
  bool ready = false;
  for (const auto& s : args.switches) ready = ready || s == "--ready";
  const std::string path = ready ? "/readyz" : "/healthz";
  httplib::Client client(dial_host(listen.host), listen.port);
  client.set_connection_timeout(kTimeoutSeconds, 0);
  client.set_read_timeout(kTimeoutSeconds, 0);
  client.set_write_timeout(kTimeoutSeconds, 0);
  const auto res = client.Get(path);
  if (!res) {
    std::cerr << "polls healthcheck: no answer from "
              << config::format_listen(listen.host, listen.port) << path << ": "
              << httplib::to_string(res.error()) << "\n";
    return kExitFailure;
  }
  if (res->status != 200) {
    std::cerr << "polls healthcheck: " << path << " answered " << res->status << "\n";
    return kExitFailure;
  }
  std::cout << path << " 200\n";
  return kExitOk;
}

}  // namespace polls::cli
