// libFuzzer harness for http/cookies: any Cookie header parses into a bounded set of trimmed,
// named cookies; set_cookie either refuses its input or builds a header that cannot be split
// and that parses back to the same cookie. Built and run by scripts/fuzz.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "fuzz_harness.hpp"
#include "http/cookies.hpp"

namespace http = polls::http;

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

void check_parse(const std::string& header) {
  const http::Cookies cookies = http::parse_cookies(header);
  FUZZ_CHECK(cookies.size() <= http::kMaxCookies);
  for (const auto& [name, value] : cookies) {
    FUZZ_CHECK(!name.empty() && !blank(name.front()) && !blank(name.back()));
    FUZZ_CHECK(name.find_first_of(";=") == std::string::npos);
    FUZZ_CHECK(value.find(';') == std::string::npos);
    FUZZ_CHECK(header.find(name) != std::string::npos);
  }
}

void check_build(const std::string& name, const std::string& value, http::CookieOptions options) {
  std::string built;
  try {
    built = http::set_cookie(name, value, options);
  } catch (const std::invalid_argument&) {
    return;  // refusing is always allowed; anything but invalid_argument escapes and crashes
  }
  // Nothing that could end the header line or start another attribute from the value.
  FUZZ_CHECK(built.find_first_of(std::string("\r\n\0", 3)) == std::string::npos);
  FUZZ_CHECK(built.rfind(name + "=" + value, 0) == 0);
  const auto pair = built.substr(0, built.find(';'));
  FUZZ_CHECK(pair == name + "=" + value);
  const http::Cookies back = http::parse_cookies(pair);
  FUZZ_CHECK(back.size() == 1 && back.begin()->first == name && back.begin()->second == value);
}

}  // namespace

void polls::fuzz::check_input(std::string_view input) {
  check_parse(std::string(input));

  FuzzedDataProvider fdp = provider(input);
  const std::string name = fdp.ConsumeRandomLengthString(64);
  const std::string value = fdp.ConsumeRandomLengthString(128);
  http::CookieOptions options;
  if (fdp.ConsumeBool()) options.max_age = fdp.ConsumeIntegral<std::int64_t>();
  options.path = fdp.ConsumeBool() ? "/" : fdp.ConsumeRandomLengthString(32);
  options.http_only = fdp.ConsumeBool();
  options.secure = fdp.ConsumeBool();
  options.same_site = fdp.PickValueInArray({"Lax", "Strict", "None", "", "lax"});
  check_build(name, value, options);
}
