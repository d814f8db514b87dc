// The key table and its validators. Defaults live in Config's member initialisers, so the table
// holds everything else about a key.
#include "config/keys.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <stdexcept>

#include "config/values.hpp"
#include "text/messages.hpp"

namespace polls::config {
namespace {

constexpr std::size_t kMinSecretKeyLength = 32;

using text::quote;

// Stores parse(text) in the member; parse throws std::invalid_argument saying what is wrong.
template <auto member, auto parse>
std::optional<std::string> parse_into(Config& config, std::string_view text, const CheckContext&) {
  try {
    config.*member = parse(text);
  } catch (const std::invalid_argument& error) {
    return error.what();  // a database URL's is already redacted
  }
  return std::nullopt;
}

// "" switches the separate metrics listener off.
std::optional<ListenAddress> parse_optional_listen(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return parse_listen(text);
}

std::string listen_text(const Config& config) { return config.listen.text; }

std::string metrics_listen_text(const Config& config) {
  return config.metrics_listen ? config.metrics_listen->text : std::string();
}

std::string database_url_text(const Config& config) { return config.database_url.url; }

// Says how long the key is, never what it is.
std::optional<std::string> check_secret_key(std::string_view value, const CheckContext&) {
  if (value.empty() || value.size() >= kMinSecretKeyLength) return std::nullopt;
  return "must be at least " + std::to_string(kMinSecretKeyLength) + " characters, got " +
         std::to_string(value.size());
}

std::optional<std::string> check_time_zone(std::string_view value, const CheckContext& context) {
  if (!value.empty() && (!context.is_valid_time_zone || context.is_valid_time_zone(value))) {
    return std::nullopt;
  }
  return R"(expected an IANA time zone name such as "UTC" or "Europe/Paris", got )" + quote(value);
}

std::optional<std::string> one_of(std::string_view value,
                                  std::span<const std::string_view> allowed) {
  if (std::ranges::find(allowed, value) != allowed.end()) return std::nullopt;
  std::string names;
  for (const auto name : allowed) names += (names.empty() ? "" : ", ") + quote(name);
  return "expected one of " + names + ", got " + quote(value);
}

std::optional<std::string> check_log_format(std::string_view value, const CheckContext&) {
  static constexpr std::array<std::string_view, 3> kFormats = {"auto", "json", "text"};
  return one_of(value, kFormats);
}

std::optional<std::string> check_sqlite_synchronous(std::string_view value, const CheckContext&) {
  static constexpr std::array<std::string_view, 2> kModes = {"normal", "full"};
  return one_of(value, kModes);
}

std::optional<std::string> parse_log_level_into(Config& config, std::string_view text,
                                                const CheckContext&) {
  const auto level = parse_log_level(text);
  if (!level) return one_of(text, kLogLevelNames);
  config.log_level = *level;
  return std::nullopt;
}

std::string log_level_text(const Config& config) {
  return std::string(log_level_name(config.log_level));
}

std::optional<std::string> check_origin(std::string_view value, const CheckContext&) {
  if (is_valid_origin(value)) return std::nullopt;
  return "expected origins such as \"https://example.com\" (scheme, host, optional port, no "
         "path), got " +
         quote(value);
}

std::optional<std::string> check_assets_dir(std::string_view value, const CheckContext&) {
  if (value.empty()) return std::nullopt;
  std::error_code error;
  const auto status = std::filesystem::status(std::string(value), error);
  if (!std::filesystem::exists(status)) return "folder " + quote(value) + " does not exist";
  if (!std::filesystem::is_directory(status)) return quote(value) + " is not a folder";
  return std::nullopt;
}

std::vector<KeySpec> make_table() {
  // clang-format off
  return {
    {.name = "listen",
     .member = ParsedString{parse_into<&Config::listen, parse_listen>, listen_text},
     .doc = "Address the HTTP server listens on, host:port (IPv4, [IPv6] or a name); port 0: any free port, named in the log line \"polls is serving\".",
     .env = {"POLLS_LISTEN", "PORT"}, .flag = "--listen",
     .expected = "a string \"host:port\""},
    {.name = "metrics_listen",
     .member = ParsedString{parse_into<&Config::metrics_listen, parse_optional_listen>,
                            metrics_listen_text},
     .doc = "Address for GET /metrics alone, host:port (port 0: any free port, named in the log line \"metrics are served apart\"); empty: /metrics is served on listen.",
     .env = {"POLLS_METRICS_LISTEN"}, .flag = "--metrics-listen",
     .expected = "a string \"host:port\" or \"\""},
    {.name = "database_url",
     .member = ParsedString{parse_into<&Config::database_url, parse_database_url>,
                            database_url_text},
     .doc = "Database URL: sqlite:///abs/path, sqlite://rel/path or postgres://user:password@host:port/db?params.",
     .env = {"POLLS_DATABASE_URL", "DATABASE_URL"}, .flag = "--database",
     .secrecy = Secrecy::Password,
     .expected = R"(a string "sqlite://..." or "postgres://...")"},
    {.name = "secret_key", .member = &Config::secret_key,
     .doc = "Key that CSRF tokens (and later sessions) derive from, at least 32 characters; empty means not set.",
     .env = {"POLLS_SECRET_KEY", "SECRET_KEY"}, .secrecy = Secrecy::Secret,
     .check = check_secret_key},
    {.name = "time_zone", .member = &Config::time_zone,
     .doc = "IANA time zone that dates are shown in, such as Europe/Paris.",
     .env = {"POLLS_TIME_ZONE"}, .flag = "--time-zone", .check = check_time_zone},
    {.name = "log_format", .member = &Config::log_format,
     .doc = "Log line format: json, text, or auto (text on a terminal, json otherwise).",
     .env = {"POLLS_LOG_FORMAT"}, .flag = "--log-format", .check = check_log_format},
    {.name = "log_level", .member = ParsedString{parse_log_level_into, log_level_text},
     .doc = "Least severe level logged: debug, info, warn or error (the lines saying where polls serves are always logged).",
     .env = {"POLLS_LOG_LEVEL"}, .flag = "--log-level"},
    {.name = "threads", .member = &Config::threads,
     .doc = "Worker threads started up front; a worker runs one request at a time.",
     .env = {"POLLS_THREADS"}, .flag = "--threads", .min = 1, .max = 1024},
    {.name = "max_threads", .member = &Config::max_threads,
     .doc = "Most worker threads at once, started while requests wait for one; >= threads.",
     .env = {"POLLS_MAX_THREADS"}, .min = 1, .max = 4096},
    {.name = "max_queued_requests", .member = &Config::max_queued_requests,
     .doc = "Requests waiting for a worker at most; more get 503 with Retry-After.",
     .env = {"POLLS_MAX_QUEUED_REQUESTS"}, .min = 1, .max = 1000000},
    {.name = "max_body_bytes", .member = &Config::max_body_bytes,
     .doc = "Largest request body accepted, in bytes (1 KiB to 64 MiB); larger ones get 413.",
     .env = {"POLLS_MAX_BODY_BYTES"}, .min = 1024, .max = 64 * 1024 * 1024},
    {.name = "head_timeout_seconds", .member = &Config::head_timeout_seconds,
     .doc = "Seconds a request head (request line and headers) may take to arrive in all; then 408.",
     .env = {"POLLS_HEAD_TIMEOUT_SECONDS"}, .min = 1, .max = 300},
    {.name = "body_timeout_seconds", .member = &Config::body_timeout_seconds,
     .doc = "Seconds a request body may take to arrive in all, counted from when a worker takes the request.",
     .env = {"POLLS_BODY_TIMEOUT_SECONDS"}, .min = 1, .max = 3600},
    {.name = "read_timeout_seconds", .member = &Config::read_timeout_seconds,
     .doc = "Seconds to wait for the next bytes of a request body.",
     .env = {"POLLS_READ_TIMEOUT_SECONDS"}, .min = 1, .max = 300},
    {.name = "write_timeout_seconds", .member = &Config::write_timeout_seconds,
     .doc = "Seconds to wait for a client to take more of a response (or of a live results update).",
     .env = {"POLLS_WRITE_TIMEOUT_SECONDS"}, .min = 1, .max = 300},
    {.name = "response_timeout_seconds", .member = &Config::response_timeout_seconds,
     .doc = "Seconds writing one response may take in all; a client reading slower is cut off.",
     .env = {"POLLS_RESPONSE_TIMEOUT_SECONDS"}, .min = 1, .max = 3600},
    {.name = "keep_alive_timeout_seconds", .member = &Config::keep_alive_timeout_seconds,
     .doc = "Seconds an idle keep-alive connection is kept open (it costs no thread).",
     .env = {"POLLS_KEEP_ALIVE_TIMEOUT_SECONDS"}, .min = 1, .max = 3600},
    {.name = "keep_alive_max_requests", .member = &Config::keep_alive_max_requests,
     .doc = "Requests served on one connection before it is closed.",
     .env = {"POLLS_KEEP_ALIVE_MAX_REQUESTS"}, .min = 1, .max = 1000000},
    {.name = "max_connections", .member = &Config::max_connections,
     .doc = "Client connections open at most; a new one closes the oldest idle one, else gets 503.",
     .env = {"POLLS_MAX_CONNECTIONS"}, .min = 16, .max = 1000000},
    {.name = "max_connections_per_address", .member = &Config::max_connections_per_address,
     .doc = "Connections one peer address may hold (0: no limit; behind a proxy the proxy is the peer).",
     .env = {"POLLS_MAX_CONNECTIONS_PER_ADDRESS"}, .min = 0, .max = 1000000},
    {.name = "live_max_viewers", .member = &Config::live_max_viewers,
     .doc = "Live results streams (GET /polls/<id>/events/) open at most; more get 503.",
     .env = {"POLLS_LIVE_MAX_VIEWERS"}, .min = 1, .max = 1000000},
    {.name = "live_heartbeat_seconds", .member = &Config::live_heartbeat_seconds,
     .doc = "Seconds of silence after which a live results stream gets a heartbeat comment.",
     .env = {"POLLS_LIVE_HEARTBEAT_SECONDS"}, .min = 1, .max = 3600},
    {.name = "live_coalesce_ms", .member = &Config::live_coalesce_ms,
     .doc = "Milliseconds between two updates of one question's live results, however fast votes come.",
     .env = {"POLLS_LIVE_COALESCE_MS"}, .min = 10, .max = 60000},
    {.name = "live_retry_ms", .member = &Config::live_retry_ms,
     .doc = "Milliseconds a live results client waits before reconnecting (the stream's retry: field).",
     .env = {"POLLS_LIVE_RETRY_MS"}, .min = 100, .max = 600000},
    {.name = "page_cache_mib", .member = &Config::page_cache_mib,
     .doc = "MiB the index, question and results pages may take in memory, kept per data version; 0 (or assets_dir): off.",
     .env = {"POLLS_PAGE_CACHE_MIB"}, .min = 0, .max = 4096},
    {.name = "drain_seconds", .member = &Config::drain_seconds,
     .doc = "Seconds in-flight requests may take to finish at shutdown.",
     .env = {"POLLS_DRAIN_SECONDS"}, .min = 0, .max = 3600},
    {.name = "db_pool_size", .member = &Config::db_pool_size,
     .doc = "Database connections: SQLite readers kept open; PostgreSQL connections open at most.",
     .env = {"POLLS_DB_POOL_SIZE"}, .min = 1, .max = 256},
    {.name = "db_busy_timeout_ms", .member = &Config::db_busy_timeout_ms,
     .doc = "Milliseconds a request waits for a locked database or a free connection before a 503.",
     .env = {"POLLS_DB_BUSY_TIMEOUT_MS"}, .min = 0, .max = 600000},
    {.name = "db_sqlite_synchronous", .member = &Config::db_sqlite_synchronous,
     .doc = "SQLite: \"normal\" (a commit survives a crash of polls; the last ones may be lost with the machine's power) or \"full\" (each commit is on disk before its answer).",
     .env = {"POLLS_DB_SQLITE_SYNCHRONOUS"}, .check = check_sqlite_synchronous},
    {.name = "db_statement_timeout_ms", .member = &Config::db_statement_timeout_ms,
     .doc = "PostgreSQL: milliseconds a statement may run before it is cancelled (0: no limit).",
     .env = {"POLLS_DB_STATEMENT_TIMEOUT_MS"}, .min = 0, .max = 3600000},
    {.name = "db_connect_timeout_seconds", .member = &Config::db_connect_timeout_seconds,
     .doc = "PostgreSQL: seconds one connection attempt may take.",
     .env = {"POLLS_DB_CONNECT_TIMEOUT_SECONDS"}, .min = 1, .max = 300},
    {.name = "db_connect_retry_seconds", .member = &Config::db_connect_retry_seconds,
     .doc = "PostgreSQL: seconds serve and migrate keep retrying an unreachable server at start (0: fail at once).",
     .env = {"POLLS_DB_CONNECT_RETRY_SECONDS"}, .min = 0, .max = 3600},
    {.name = "trust_x_forwarded_proto", .member = &Config::trust_x_forwarded_proto,
     .doc = "Believe a proxy's X-Forwarded-Proto header about whether a request came over HTTPS.",
     .env = {"POLLS_TRUST_X_FORWARDED_PROTO"}},
    {.name = "trust_x_forwarded_for", .member = &Config::trust_x_forwarded_for,
     .doc = "Take a client's address from the last X-Forwarded-For entry a proxy added (login throttle, vote limit, logs).",
     .env = {"POLLS_TRUST_X_FORWARDED_FOR"}},
    {.name = "vote_rate_limit", .member = &Config::vote_rate_limit,
     .doc = "Vote attempts one client address may make per vote_rate_window_seconds (0: no limit).",
     .env = {"POLLS_VOTE_RATE_LIMIT"}, .min = 0, .max = 1000000},
    {.name = "vote_rate_window_seconds", .member = &Config::vote_rate_window_seconds,
     .doc = "Seconds of each window in which vote attempts are counted per client address.",
     .env = {"POLLS_VOTE_RATE_WINDOW_SECONDS"}, .min = 1, .max = 86400},
    {.name = "session_age_seconds", .member = &Config::session_age_seconds,
     .doc = "Seconds an admin login lasts before it must be repeated.",
     .env = {"POLLS_SESSION_AGE_SECONDS"}, .min = 60, .max = 31536000},
    {.name = "csrf_trusted_origins", .member = &Config::csrf_trusted_origins,
     .doc = "Origins besides the site's own that may post forms, such as https://example.com.",
     .env = {"POLLS_CSRF_TRUSTED_ORIGINS"}, .check = check_origin},
    {.name = "assets_dir", .member = &Config::assets_dir,
     .doc = "Folder to serve templates and static files from; empty = the embedded ones.",
     .env = {"POLLS_ASSETS_DIR"}, .flag = "--assets-dir", .check = check_assets_dir},
  };
  // clang-format on
}

}  // namespace

std::span<const KeySpec> keys() {
  static const std::vector<KeySpec> table = make_table();
  return table;
}

const KeySpec* find_key(std::string_view name) {
  const auto all = keys();
  const auto it = std::ranges::find(all, name, &KeySpec::name);
  return it == all.end() ? nullptr : &*it;
}

std::string expected_text(const KeySpec& key) {
  if (std::holds_alternative<int Config::*>(key.member)) {
    return "an integer from " + std::to_string(key.min) + " to " + std::to_string(key.max);
  }
  if (std::holds_alternative<bool Config::*>(key.member)) return "true or false";
  if (std::holds_alternative<std::vector<std::string> Config::*>(key.member)) {
    return "an array of strings";
  }
  return key.expected.empty() ? "a string" : std::string(key.expected);
}

}  // namespace polls::config
