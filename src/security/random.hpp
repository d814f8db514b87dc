// Cryptographically secure random bytes and tokens (OpenSSL's RAND_bytes), for secrets, CSRF
// masks and session keys.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace polls::security {

// Django's RANDOM_STRING_CHARS, in Django's order: tokens it and we make look alike.
constexpr std::string_view kAlnum =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// n random bytes; throws std::runtime_error if the generator fails (never returns weak bytes).
std::string random_bytes(std::size_t n);

// n characters drawn uniformly from alphabet (1 to 256 characters; every position in it is
// equally likely). Throws std::invalid_argument for an empty or longer alphabet,
// std::runtime_error if the generator fails.
std::string random_token(std::size_t n, std::string_view alphabet = kAlnum);

}  // namespace polls::security
