// The fixture of the HTTP suite: a whole Site on an ephemeral port, backed by a SQLite database
// in a temporary folder, with a fixed clock and a JSON log written to a file the test can read;
// plus an httplib client, a raw socket client for protocol details, and helpers for CSRF tokens,
// seeding questions, reading log lines and reading pages as a user sees them. The raw socket
// client lives in raw_connection.hpp.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "db/database.hpp"
#include "db/datetime.hpp"
#include "http/raw_connection.hpp"
#include "http/router.hpp"
#include "ops/log.hpp"
#include "polls/repository.hpp"
#include "site/site.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace polls::test {

// The fixed "now" of every site in this suite: Tuesday 14 July 2026, 10:30:45.123456 UTC.
inline constexpr db::Timestamp kNow =
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::July / 14} +
    std::chrono::hours{10} + std::chrono::minutes{30} + std::chrono::seconds{45} +
    std::chrono::microseconds{123456};

struct SiteOptions {
  std::string time_zone = "UTC";
  int max_body_bytes = 1048576;
  int threads = 8;
  int max_threads = 64;
  // The connection layer's limits (config keys of the same names).
  int max_queued_requests = 1024;
  int head_timeout_seconds = 10;
  int body_timeout_seconds = 30;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 5;
  int response_timeout_seconds = 60;
  int keep_alive_timeout_seconds = 75;
  int max_connections = 10000;
  int max_connections_per_address = 256;
  // The live results streams' settings (config keys live_*).
  int live_max_viewers = 5000;
  int live_heartbeat_seconds = 15;
  int live_coalesce_ms = 250;
  bool trust_x_forwarded_proto = false;
  bool trust_x_forwarded_for = false;
  // The vote limit per address (config keys of the same names): off unless a test is about it,
  // since most tests vote often from one address.
  int vote_rate_limit = 0;
  int vote_rate_window_seconds = 60;
  std::vector<std::string> csrf_trusted_origins;
  // Where /metrics listens apart ("127.0.0.1:0"); empty: on the site's own port.
  std::string metrics_listen;
  // Extra routes, added before the site starts (slow, throwing, ...).
  std::function<void(http::Router&)> routes;
  // A database to use instead of the test database (not owned); migrations are not run on it.
  db::Database* database = nullptr;
  // The clock; kNow when empty.
  std::function<db::Timestamp()> now;
  // The polls pages kept in memory (config key page_cache_mib; 0: off).
  int page_cache_mib = 8;
  // Whether the server reads plain GET and HEAD requests itself (http::ServerOptions).
  bool answer_plain_requests = true;
};

// One parsed JSON log line: every field as text (strings unescaped, numbers as written).
using LogEntry = std::map<std::string, std::string>;

// Parses a flat JSON object (string, number, true/false/null values); nullopt if it is not one.
std::optional<LogEntry> parse_json_object(std::string_view text);

// The csrftoken cookie a page set and the masked token of its form.
struct CsrfPair {
  std::string cookie;
  std::string token;
};

class TestSite {
 public:
  explicit TestSite(SiteOptions options = {});
  ~TestSite();
  TestSite(const TestSite&) = delete;
  TestSite& operator=(const TestSite&) = delete;

  int port() const { return port_; }
  site::Site& site() { return *site_; }
  db::Database& database() { return *database_; }
  // The test database this site made (none when SiteOptions::database was given).
  testing::TestDatabase* test_database() { return owned_database_.get(); }
  const config::Config& config() const { return config_; }
  // "127.0.0.1:<port>", as clients send it in Host.
  std::string host() const;
  // A keep-alive GET of path, as bytes for a RawConnection.
  std::string get_request(std::string_view path) const;

  // A client of this site that does not follow redirects and gives up after a few seconds.
  httplib::Client client() const;

  // Seeding, as the tutorial's create_question(question_text, days): pub_date is kNow + offset.
  std::int64_t create_question(std::string_view text, std::chrono::microseconds offset);
  std::int64_t create_choice(std::int64_t question_id, std::string_view text,
                             std::int64_t votes = 0);
  std::int64_t votes(std::int64_t choice_id);

  // The value of one series of /metrics ("polls_live_viewers", "name{label=\"x\"}"); throws
  // std::runtime_error when /metrics does not answer or has no such series.
  double metric(std::string_view series);

  // GETs the question's detail page and returns its csrftoken cookie and form token.
  CsrfPair csrf(std::int64_t question_id);

  // The log file's lines so far.
  std::vector<std::string> log_lines() const;
  // The first JSON log entry satisfying pred, waiting up to `timeout` for it to be written (the
  // access log line is written after the response is sent).
  std::optional<LogEntry> wait_for_log(const std::function<bool(const LogEntry&)>& pred,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(3));
  // The access log entry ("msg": "request") of the request with that id.
  std::optional<LogEntry> access_log(std::string_view request_id);

 private:
  testing::TempDir dir_{"polls-http"};
  config::Config config_;
  std::filesystem::path log_path_;
  int log_fd_ = -1;
  std::unique_ptr<ops::Logger> log_;
  std::unique_ptr<testing::TestDatabase> owned_database_;
  db::Database* database_ = nullptr;
  std::unique_ptr<site::Site> site_;
  int port_ = 0;
};

// Headers carrying the csrftoken cookie (and any extra ones).
httplib::Headers cookie_headers(const CsrfPair& csrf, httplib::Headers extra = {});

// An application/x-www-form-urlencoded body, encoded as browsers do.
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);

// The text a user reads: the HTML character references templates write (&amp; &lt; &gt; &quot;
// &#39; &#x27; &apos;) decoded. Tags are left in place.
std::string html_unescape(std::string_view html);

// The csrftoken value of a Set-Cookie header, if it sets that cookie.
std::optional<std::string> csrftoken_of(std::string_view set_cookie);

// Occurrences of needle in haystack.
std::size_t count_of(std::string_view haystack, std::string_view needle);

}  // namespace polls::test
