// The voter cookie: a random id signed with the site's secret key, which names a browser to
// "once per browser" questions. The cookie alone enforces nothing (clearing it makes a new
// voter); what it does is name the receipt whose unique key does, and the signature means a
// client cannot pick an id of its own (another voter's, say).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace polls::polls_app {

constexpr std::string_view kVoterCookieName = "polls_voter";
constexpr std::int64_t kVoterCookieAgeSeconds = 365LL * 24 * 60 * 60;

// A new cookie value, "<32 hex digits of id>.<signature>".
std::string new_voter_cookie(std::string_view secret_key);

// The voter a cookie value names ("browser:" and a hash of its id), if its signature is good.
std::optional<std::string> voter_of_cookie(std::string_view secret_key, std::string_view value);

// The voter of a logged-in user, for "once per staff account".
std::string voter_of_user(std::int64_t user_id);

}  // namespace polls::polls_app
