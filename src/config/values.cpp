// Parsers for listen addresses, database URLs, origins and the text forms of config values.
#include "config/values.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "text/ascii.hpp"
#include "text/integer.hpp"
#include "text/messages.hpp"
#include "text/trim.hpp"

namespace polls::config {
namespace {

constexpr std::string_view kRedacted = "********";
using text::quote;

std::string_view trim(std::string_view value) { return text::trim(value, text::kWhitespace); }

bool is_ipv4(std::string_view text) {
  in_addr address{};
  return inet_pton(AF_INET, std::string(text).c_str(), &address) == 1;
}

bool is_ipv6(std::string_view text) {
  in6_addr address{};
  return inet_pton(AF_INET6, std::string(text).c_str(), &address) == 1;
}

// A DNS name: dot-separated labels of letters, digits and inner hyphens.
bool is_host_name(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto dot = std::min(text.find('.', start), text.size());
    const auto label = text.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    const bool ok = std::ranges::all_of(
        label, [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; });
    if (!ok) return false;
    start = dot + 1;
  }
  return true;
}

// An unbracketed host: all digits and dots must make an IPv4 address ("999.1.1.1" is no name).
bool is_host(std::string_view text) {
  const bool numeric = !text.empty() && std::ranges::all_of(text, [](unsigned char c) {
    return std::isdigit(c) != 0 || c == '.';
  });
  return numeric ? is_ipv4(text) : is_host_name(text);
}

struct HostPort {
  std::string_view host;  // without brackets
  bool bracketed = false;
  std::optional<std::string_view> port;
};

// Splits "host", "host:port", "[v6]" or "[v6]:port"; nullopt when brackets are unbalanced, text
// follows "]", or an IPv6 address lacks its brackets.
std::optional<HostPort> split_host_port(std::string_view text) {
  HostPort out;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = text.substr(1, close - 1);
    out.bracketed = true;
    const auto after = text.substr(close + 1);
    if (after.empty()) return out;
    if (after.front() != ':') return std::nullopt;
    out.port = after.substr(1);
    return out;
  }
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    out.host = text;
    return out;
  }
  if (text.find(':', colon + 1) != std::string_view::npos) return std::nullopt;
  out.host = text.substr(0, colon);
  out.port = text.substr(colon + 1);
  return out;
}

std::optional<int> parse_port(std::string_view text) {
  if (text.size() > 5) return std::nullopt;
  const auto port = text::parse_digits<int>(text);
  if (!port || *port > 65535) return std::nullopt;
  return port;
}

// The "@" that ends the user info in what follows "scheme://", or npos: the last "@" that a "/"
// follows, so that a password may hold "?" or "@", else the last before "?", since a parameter
// may hold "@" too.
std::size_t user_info_end(std::string_view rest) {
  const auto last = rest.rfind('@');
  if (last == std::string_view::npos || rest.find('/', last) != std::string_view::npos) return last;
  return rest.substr(0, rest.find('?')).rfind('@');
}

// libpq ends the user info at the first "@" before the first "/" or "?", so a "@", "/" or "?"
// inside a password must be percent-encoded, and every "%" must start an escape. Otherwise libpq
// reads part of the password as the host or port and repeats it in its error messages.
std::optional<std::string> user_info_problem(std::string_view rest) {
  constexpr std::string_view kEncode =
      "a \"@\", \"/\", \"?\" or \"%\" in a postgres URL's user name or password must be "
      "percent-encoded (%40, %2F, %3F, %25)";
  const auto authority = rest.substr(0, rest.find_first_of("/?"));
  const auto at = authority.find('@');
  // Any other "@" before the path or before the parameters was meant as part of the user info.
  const auto last_before_query = rest.substr(0, rest.find('?')).rfind('@');
  const auto last_before_path = rest.substr(0, rest.find('/')).rfind('@');
  if (at == std::string_view::npos) {
    if (last_before_query != std::string_view::npos || last_before_path != std::string_view::npos) {
      return std::string(kEncode);
    }
    return std::nullopt;
  }
  if (authority.find('@', at + 1) != std::string_view::npos || last_before_query != at ||
      last_before_path != at) {
    return std::string(kEncode);
  }
  const auto user_info = authority.substr(0, at);
  for (std::size_t i = 0; i < user_info.size(); ++i) {
    if (user_info[i] != '%') continue;
    if (i + 2 >= user_info.size() ||
        std::isxdigit(static_cast<unsigned char>(user_info[i + 1])) == 0 ||
        std::isxdigit(static_cast<unsigned char>(user_info[i + 2])) == 0) {
      return std::string(kEncode);
    }
  }
  return std::nullopt;
}

// Why a postgres URL (the part after "://") has the wrong shape, or nullopt if it is fine.
std::optional<std::string> postgres_problem(std::string_view rest) {
  if (auto problem = user_info_problem(rest)) return problem;
  const auto at = user_info_end(rest);
  const auto after_at = at == std::string_view::npos ? rest : rest.substr(at + 1);
  const auto host_and_db = after_at.substr(0, after_at.find('?'));
  const auto slash = host_and_db.find('/');
  if (slash == std::string_view::npos || slash + 1 == host_and_db.size() ||
      host_and_db.find('/', slash + 1) != std::string_view::npos) {
    return "a postgres URL needs a database name after the host, as in "
           "\"postgres://user:password@host:5432/polls\"";
  }
  const auto split = split_host_port(host_and_db.substr(0, slash));
  const auto host_ok = [&] {
    if (!split || split->host.empty()) return false;
    if (split->bracketed) return is_ipv6(split->host);
    // Shape only: names, addresses, and percent-encoded socket folders ("%2Fvar%2Frun").
    return std::ranges::all_of(split->host, [](unsigned char c) {
      return std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_' || c == '%';
    });
  };
  if (!host_ok()) {
    return "a postgres URL needs a host, as in \"postgres://user:password@host:5432/polls\"";
  }
  if (split->port) {
    const auto port = parse_port(*split->port);
    if (!port || *port == 0) return "a postgres URL's port must be a number from 1 to 65535";
  }
  return std::nullopt;
}

[[noreturn]] void fail_url(std::string_view url, std::string_view problem) {
  throw std::invalid_argument(std::string(problem) + ", got " + quote(redact_database_url(url)));
}

}  // namespace

ListenAddress parse_listen(std::string_view text) {
  const auto split = split_host_port(text);
  if (!split || !split->port || split->host.empty()) {
    throw std::invalid_argument(
        R"(expected "host:port", such as "127.0.0.1:8000" or "[::1]:8000", got )" + quote(text));
  }
  const bool host_ok = split->bracketed ? is_ipv6(split->host) : is_host(split->host);
  if (!host_ok) {
    throw std::invalid_argument(quote(split->host) +
                                " is not an IPv4 address, [IPv6] address or host name, in " +
                                quote(text));
  }
  const auto port = parse_port(*split->port);
  if (!port) {
    throw std::invalid_argument("expected a port from 0 to 65535 in \"host:port\", got " +
                                quote(text));
  }
  return ListenAddress{std::string(split->host), *port, std::string(text)};
}

std::string format_listen(std::string_view host, int port) {
  const bool v6 = host.find(':') != std::string_view::npos;
  const auto shown = v6 ? "[" + std::string(host) + "]" : std::string(host);
  return shown + ":" + std::to_string(port);
}

DatabaseUrl parse_database_url(std::string_view text) {
  const auto separator = text.find("://");
  const auto scheme = text::ascii_lower(text.substr(0, separator));
  if (separator == std::string_view::npos ||
      (scheme != "sqlite" && scheme != "postgres" && scheme != "postgresql")) {
    fail_url(text, R"(expected a URL starting with "sqlite://", "postgres://" or "postgresql://")");
  }
  const auto rest = text.substr(separator + 3);
  if (scheme == "sqlite") {
    if (rest.empty()) {
      fail_url(
          text,
          R"(a sqlite URL needs a path, as in "sqlite://polls.db" or "sqlite:///var/polls.db")");
    }
    return DatabaseUrl{DatabaseUrl::Kind::Sqlite, std::string(rest), std::string(text)};
  }
  if (const auto problem = postgres_problem(rest)) fail_url(text, *problem);
  return DatabaseUrl{DatabaseUrl::Kind::Postgres, "", std::string(text)};
}

std::string redact_database_url(std::string_view url) {
  const auto separator = url.find("://");
  if (separator == std::string_view::npos) return std::string(url);
  const auto authority_start = separator + 3;
  std::string out(url.substr(0, authority_start));
  auto rest = url.substr(authority_start);
  auto at = user_info_end(rest);
  // Unsure where the user info ends: hide up to the last "@", too much rather than too little.
  if (at == std::string_view::npos) at = rest.rfind('@');
  if (at != std::string_view::npos) {
    const auto colon = rest.find(':');
    out += colon < at ? std::string(rest.substr(0, colon + 1)) + std::string(kRedacted)
                      : std::string(rest.substr(0, at));
    out += '@';
    rest = rest.substr(at + 1);
  }
  const auto question = rest.find('?');
  out += rest.substr(0, question);
  if (question == std::string_view::npos) return out;
  out += '?';
  const auto query = rest.substr(question + 1);
  for (std::size_t start = 0;;) {
    const auto amp = std::min(query.find('&', start), query.size());
    const auto param = query.substr(start, amp - start);
    const auto equals = param.find('=');
    if (equals != std::string_view::npos &&
        text::ascii_lower(param.substr(0, equals)) == "password") {
      out += std::string(param.substr(0, equals + 1)) + std::string(kRedacted);
    } else {
      out += param;
    }
    if (amp == query.size()) break;
    out += '&';
    start = amp + 1;
  }
  return out;
}

bool is_valid_origin(std::string_view origin) {
  auto rest = origin;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  const auto split = split_host_port(rest);
  if (!split || split->host.empty()) return false;
  if (split->port) {
    const auto port = parse_port(*split->port);
    if (!port || *port == 0) return false;
  }
  if (split->bracketed) return is_ipv6(split->host);
  if (split->host.starts_with("*.")) return is_host_name(split->host.substr(2));
  return is_host(split->host);
}

std::optional<long long> parse_integer(std::string_view text) {
  return text::parse_integer<long long>(trim(text));
}

std::optional<bool> parse_bool(std::string_view text) {
  const auto word = text::ascii_lower(trim(text));
  if (word == "true" || word == "1" || word == "yes" || word == "on") return true;
  if (word == "false" || word == "0" || word == "no" || word == "off") return false;
  return std::nullopt;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  while (true) {
    const auto comma = text.find(',');
    const auto item = trim(text.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) return items;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace polls::config
