// The program's settings: one immutable Config, where each value came from, and the error raised
// when a value is wrong. Loading and merging live in loader.hpp; the key table in keys.hpp.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/log_level.hpp"
#include "config/values.hpp"

namespace polls::config {

// One member per key of the key table (keys.cpp), initialised to its default. Built once by
// load() and then passed around as `const Config&`; the members are not const only so that the
// struct stays copyable and assignable. Structured values are held parsed (the loader parses
// each once, where it can say which key and which place is wrong); each keeps its text as written.
struct Config {
  ListenAddress listen = parse_listen("127.0.0.1:8000");
  std::optional<ListenAddress> metrics_listen;  // none: /metrics on `listen`
  DatabaseUrl database_url = parse_database_url("sqlite://polls.db");
  std::string secret_key;
  std::string time_zone = "UTC";
  std::string log_format = "auto";
  LogLevel log_level = LogLevel::Info;
  int threads = 8;
  int max_threads = 64;
  int max_queued_requests = 1024;
  int max_body_bytes = 1048576;
  int head_timeout_seconds = 10;
  int body_timeout_seconds = 30;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  int response_timeout_seconds = 60;
  int keep_alive_timeout_seconds = 75;
  int keep_alive_max_requests = 1000;
  int max_connections = 10000;
  int max_connections_per_address = 256;
  int live_max_viewers = 5000;
  int live_heartbeat_seconds = 15;
  int live_coalesce_ms = 250;
  int live_retry_ms = 3000;
  int page_cache_mib = 8;
  int drain_seconds = 10;
  int db_pool_size = 8;
  int db_busy_timeout_ms = 5000;
  std::string db_sqlite_synchronous = "normal";
  int db_statement_timeout_ms = 5000;
  int db_connect_timeout_seconds = 5;
  int db_connect_retry_seconds = 60;
  bool trust_x_forwarded_proto = false;
  bool trust_x_forwarded_for = false;
  int vote_rate_limit = 60;
  int vote_rate_window_seconds = 60;
  int session_age_seconds = 1209600;  // two weeks, Django's SESSION_COOKIE_AGE
  std::vector<std::string> csrf_trusted_origins;
  std::string assets_dir;
};

// Where a key's effective value came from.
struct Source {
  enum Kind { Default, File, Environment, Flag } kind = Default;
  // "polls.toml:12" for a file, "SECRET_KEY" for the environment, "--listen" for a flag; empty
  // for a default.
  std::string detail;
};

// "default", "file polls.toml:12", "env SECRET_KEY" or "flag --listen".
std::string to_string(const Source& source);

// A value that cannot be used, a file that cannot be read or parsed. The message names the key
// and where its value came from, e.g.
//   threads (from POLLS_THREADS): expected an integer from 1 to 1024, got "many"
//   polls.toml:7: unknown key "thraeds" (did you mean "threads"?)
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace polls::config
