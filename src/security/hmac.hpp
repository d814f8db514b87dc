// HMAC-SHA256, SHA-256 and constant-time comparison (OpenSSL), the building blocks of signed
// cookies, CSRF secrets and password hashes.
#pragma once

#include <string>
#include <string_view>

namespace polls::security {

// The raw 32-byte HMAC-SHA256 of msg under key. Throws std::runtime_error if OpenSSL fails.
std::string hmac_sha256(std::string_view key, std::string_view msg);

// Whether a and b hold the same bytes, in time that depends only on their lengths (never on
// where they differ), so that comparing a secret leaks nothing but its length.
bool constant_time_equals(std::string_view a, std::string_view b);

// The SHA-256 of data as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

// bytes as lowercase hex, two digits a byte.
std::string hex(std::string_view bytes);

}  // namespace polls::security
