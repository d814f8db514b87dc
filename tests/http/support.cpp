// The HTTP suite's fixture and helpers: see support.hpp.
#include "http/support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "http/form.hpp"

namespace polls::test {

namespace {

// A write to a connection the server has closed must fail with EPIPE, not kill the test run.
const bool kSigpipeIgnored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

constexpr std::string_view kSecretKey = "http-suite-secret-key-0123456789-abcdefghijklmnopq";
static_assert(kSecretKey.size() == 50);

constexpr std::string_view kSelectVotes = "SELECT votes FROM polls_choice WHERE id = $1";

// A JSON string starting at text[pos] (the opening quote); advances pos past the closing one.
std::optional<std::string> json_string(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '"') return std::nullopt;
  std::string out;
  for (++pos; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '"') {
      ++pos;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++pos >= text.size()) return std::nullopt;
    switch (text[pos]) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        if (pos + 4 >= text.size()) return std::nullopt;
        const unsigned long code =
            std::strtoul(std::string(text.substr(pos + 1, 4)).c_str(), nullptr, 16);
        // Enough for the log's escapes: control bytes and U+FFFD.
        if (code < 0x80) {
          out += static_cast<char>(code);
        } else {
          out += "\xEF\xBF\xBD";
        }
        pos += 4;
        break;
      }
      default:
        out += text[pos];
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<LogEntry> parse_json_object(std::string_view text) {
  LogEntry entry;
  std::size_t pos = 0;
  const auto skip_spaces = [&] {
    while (pos < text.size() && text[pos] == ' ') ++pos;
  };
  skip_spaces();
  if (pos >= text.size() || text[pos++] != '{') return std::nullopt;
  skip_spaces();
  if (pos < text.size() && text[pos] == '}')
    return pos + 1 == text.size() ? std::optional(entry) : std::nullopt;
  while (pos < text.size()) {
    skip_spaces();
    auto key = json_string(text, pos);
    skip_spaces();
    if (!key || pos >= text.size() || text[pos++] != ':') return std::nullopt;
    skip_spaces();
    std::string value;
    if (pos < text.size() && text[pos] == '"') {
      auto s = json_string(text, pos);
      if (!s) return std::nullopt;
      value = std::move(*s);
    } else {
      const std::size_t end = text.find_first_of(",}", pos);
      if (end == std::string_view::npos) return std::nullopt;
      value = std::string(text.substr(pos, end - pos));
      while (!value.empty() && value.back() == ' ') value.pop_back();
      const bool literal = value == "true" || value == "false" || value == "null";
      if (value.empty() ||
          (!literal && value.find_first_not_of("0123456789.-+eE") != std::string::npos)) {
        return std::nullopt;
      }
      pos = end;
    }
    if (!entry.emplace(std::move(*key), std::move(value)).second)
      return std::nullopt;  // repeated key
    skip_spaces();
    if (pos >= text.size()) return std::nullopt;
    if (text[pos] == '}') return pos + 1 == text.size() ? std::optional(entry) : std::nullopt;
    if (text[pos++] != ',') return std::nullopt;
  }
  return std::nullopt;
}

TestSite::TestSite(SiteOptions options) {
  (void)kSigpipeIgnored;
  config_.listen = config::parse_listen("127.0.0.1:0");
  config_.secret_key = std::string(kSecretKey);
  config_.time_zone = options.time_zone;
  config_.max_body_bytes = options.max_body_bytes;
  config_.threads = options.threads;
  config_.max_threads = options.max_threads;
  config_.max_queued_requests = options.max_queued_requests;
  config_.head_timeout_seconds = options.head_timeout_seconds;
  config_.body_timeout_seconds = options.body_timeout_seconds;
  config_.read_timeout_seconds = options.read_timeout_seconds;
  config_.write_timeout_seconds = options.write_timeout_seconds;
  config_.response_timeout_seconds = options.response_timeout_seconds;
  config_.keep_alive_timeout_seconds = options.keep_alive_timeout_seconds;
  config_.max_connections = options.max_connections;
  config_.max_connections_per_address = options.max_connections_per_address;
  config_.live_max_viewers = options.live_max_viewers;
  config_.live_heartbeat_seconds = options.live_heartbeat_seconds;
  config_.live_coalesce_ms = options.live_coalesce_ms;
  config_.trust_x_forwarded_proto = options.trust_x_forwarded_proto;
  config_.trust_x_forwarded_for = options.trust_x_forwarded_for;
  config_.vote_rate_limit = options.vote_rate_limit;
  config_.vote_rate_window_seconds = options.vote_rate_window_seconds;
  config_.csrf_trusted_origins = options.csrf_trusted_origins;
  config_.page_cache_mib = options.page_cache_mib;
  if (!options.metrics_listen.empty()) {
    config_.metrics_listen = config::parse_listen(options.metrics_listen);
  }

  log_path_ = dir_.path() / "log.jsonl";
  log_fd_ = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd_ < 0) throw std::runtime_error("cannot open the log file");
  log_ = std::make_unique<ops::Logger>(ops::LogFormat::Json, ops::Level::Debug, log_fd_);

  if (options.database != nullptr) {
    database_ = options.database;
  } else {
    owned_database_ = std::make_unique<testing::TestDatabase>();
    database_ = &**owned_database_;
    config_.database_url = config::parse_database_url(owned_database_->url());
  }

  site_ = std::make_unique<site::Site>(
      config_, *database_, *log_, options.now ? options.now : [] { return kNow; });
  if (options.routes) options.routes(site_->router());
  site_->answer_plain_requests(options.answer_plain_requests);
  port_ = site_->start();
}

TestSite::~TestSite() {
  site_.reset();  // stops the server and joins its thread before the database goes
  owned_database_.reset();
  log_.reset();
  if (log_fd_ >= 0) ::close(log_fd_);
}

std::string TestSite::host() const { return "127.0.0.1:" + std::to_string(port_); }

std::string TestSite::get_request(std::string_view path) const {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n";
}

httplib::Client TestSite::client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(std::chrono::seconds(3));
  client.set_read_timeout(std::chrono::seconds(10));
  client.set_write_timeout(std::chrono::seconds(10));
  client.set_follow_location(false);
  return client;
}

std::int64_t TestSite::create_question(std::string_view text, std::chrono::microseconds offset) {
  polls_app::PollsRepository repository(*database_);
  return repository.create_question(text, kNow + offset);
}

std::int64_t TestSite::create_choice(std::int64_t question_id, std::string_view text,
                                     std::int64_t votes) {
  polls_app::PollsRepository repository(*database_);
  return repository.create_choice(question_id, text, votes);
}

std::int64_t TestSite::votes(std::int64_t choice_id) {
  auto session = database_->read();
  const db::Rows rows = session->query(kSelectVotes, {choice_id});
  if (rows.empty()) throw std::runtime_error("no choice " + std::to_string(choice_id));
  return rows.integer(0, 0);
}

double TestSite::metric(std::string_view series) {
  auto cli = client();
  const auto res = cli.Get("/metrics");
  if (!res || res->status != 200) throw std::runtime_error("cannot GET /metrics");
  const std::string line = "\n" + std::string(series) + " ";
  const std::size_t at = res->body.find(line);
  if (at == std::string::npos) throw std::runtime_error("no series " + std::string(series));
  return std::stod(res->body.substr(at + line.size()));
}

CsrfPair TestSite::csrf(std::int64_t question_id) {
  auto cli = client();
  const auto res = cli.Get("/polls/" + std::to_string(question_id) + "/");
  if (!res || res->status != 200) throw std::runtime_error("cannot GET the detail page");
  CsrfPair pair;
  const auto cookie = csrftoken_of(res->get_header_value("Set-Cookie"));
  if (!cookie) throw std::runtime_error("the detail page set no csrftoken cookie");
  pair.cookie = *cookie;
  constexpr std::string_view kField = R"(name="csrfmiddlewaretoken" value=")";
  const std::size_t start = res->body.find(kField);
  if (start == std::string::npos) throw std::runtime_error("the detail page has no CSRF field");
  const std::size_t begin = start + kField.size();
  pair.token = res->body.substr(begin, res->body.find('"', begin) - begin);
  return pair;
}

std::vector<std::string> TestSite::log_lines() const {
  std::ifstream in(log_path_);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::optional<LogEntry> TestSite::wait_for_log(const std::function<bool(const LogEntry&)>& pred,
                                               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (const std::string& line : log_lines()) {
      const auto entry = parse_json_object(line);
      if (entry && pred(*entry)) return entry;
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<LogEntry> TestSite::access_log(std::string_view request_id) {
  return wait_for_log([request_id](const LogEntry& e) {
    const auto msg = e.find("msg");
    const auto id = e.find("request_id");
    return msg != e.end() && msg->second == "request" && id != e.end() && id->second == request_id;
  });
}

httplib::Headers cookie_headers(const CsrfPair& csrf, httplib::Headers extra) {
  extra.emplace("Cookie", "csrftoken=" + csrf.cookie);
  return extra;
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += http::percent_encode(name) + "=" + http::percent_encode(value);
  }
  return body;
}

std::string html_unescape(std::string_view html) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"},   {"&gt;", ">"},   {"&quot;", "\""}, {"&#34;", "\""},
      {"&#39;", "'"}, {"&#x27;", "'"}, {"&#039;", "'"}, {"&apos;", "'"}};
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    bool replaced = false;
    if (html[i] == '&') {
      for (const auto& [entity, text] : kEntities) {
        if (html.substr(i).starts_with(entity)) {
          out += text;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

std::optional<std::string> csrftoken_of(std::string_view set_cookie) {
  constexpr std::string_view kName = "csrftoken=";
  if (!set_cookie.starts_with(kName)) return std::nullopt;
  const std::string_view rest = set_cookie.substr(kName.size());
  return std::string(rest.substr(0, rest.find(';')));
}

std::size_t count_of(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

}  // namespace polls::test
