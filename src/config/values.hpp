// Parsers for the structured config values (listen address, database URL, CSRF origins) and for
// the text forms of integers, booleans and lists that environment variables and flags carry.
// The loader runs them once, so Config holds these values typed; nothing re-parses them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polls::config {

struct ListenAddress {
  std::string host;  // "127.0.0.1", "::1" (without brackets) or a name such as "localhost"
  int port = 0;      // 0 lets the system pick a free port
  std::string text;  // as written ("localhost:08000"): what `polls config` and messages show
};

// Parses "host:port", where host is an IPv4 address, a bracketed IPv6 address or a name.
// Throws std::invalid_argument saying what is wrong.
ListenAddress parse_listen(std::string_view text);

// The "host:port" text of an address, with brackets around an IPv6 host.
std::string format_listen(std::string_view host, int port);

struct DatabaseUrl {
  enum class Kind { Sqlite, Postgres };
  Kind kind = Kind::Sqlite;
  std::string sqlite_path;  // sqlite only: "/abs/path", "rel/path" or ":memory:"
  std::string url;          // the URL as given; libpq takes postgres URLs as they are
};

// Accepts sqlite:///abs/path, sqlite://relative/path, sqlite://:memory: and
// postgres[ql]://[user[:password]@]host[:port]/dbname[?params], the latter checked for shape
// only. Throws std::invalid_argument; its message shows the URL with the password redacted.
DatabaseUrl parse_database_url(std::string_view text);

// The URL with any password (in user:password@ or a password= parameter) replaced by "********".
std::string redact_database_url(std::string_view url);

// An origin as CSRF checks compare them: http or https, a host (a leading "*." allowed) and an
// optional port, and nothing else: "https://example.com", "http://localhost:8000".
bool is_valid_origin(std::string_view origin);

// A whole decimal integer, surrounding blanks allowed: "8", " -1 ".
std::optional<long long> parse_integer(std::string_view text);

// true/false, 1/0, yes/no, on/off in any case.
std::optional<bool> parse_bool(std::string_view text);

// "a, b,,c" -> {"a", "b", "c"}: items trimmed, empty items dropped.
std::vector<std::string> split_list(std::string_view text);

}  // namespace polls::config
