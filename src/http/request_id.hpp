// Request ids: the one a client sent, when it is safe to reflect, or one made here.
#pragma once

#include <string>
#include <string_view>

namespace polls::http {

inline constexpr std::string_view kRequestIdHeader = "X-Request-ID";

// A new id: a random prefix per process and a counter, unique and cheap ("3f9a0c1d-0000002a").
std::string new_request_id();

// Whether an X-Request-ID value may be reflected: a short token of safe characters. Anything else
// (CR/LF, percent-decoded or not, long values, spaces) is replaced by a generated id.
bool is_acceptable_request_id(std::string_view value);

}  // namespace polls::http
