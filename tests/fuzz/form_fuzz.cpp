// libFuzzer harness for http/form: any body either parses into fields that re-encode and parse
// back to the same fields, or is refused; percent-encoding round-trips every byte string.
// Built and run by scripts/fuzz.
#include <string>
#include <string_view>

#include "fuzz_harness.hpp"
#include "http/form.hpp"
#include "text/utf8.hpp"

namespace http = polls::http;
namespace text = polls::text;

void polls::fuzz::check_input(std::string_view input) {
  if (const auto form = http::parse_form(input)) {
    FUZZ_CHECK(form->size() <= http::kMaxFormFields);
    std::string reencoded;
    for (const auto& [name, value] : form->fields()) {
      FUZZ_CHECK(text::is_valid_utf8(name) && text::is_valid_utf8(value));
      FUZZ_CHECK(form->first(name).has_value());
      reencoded += http::percent_encode(name) + "=" + http::percent_encode(value) + "&";
    }
    const auto again = http::parse_form(reencoded);
    FUZZ_CHECK(again && again->fields() == form->fields());
  }

  // Encoding then decoding gives back any bytes, in both space conventions.
  FUZZ_CHECK(http::percent_decode(http::percent_encode(input)) == input);
  FUZZ_CHECK(http::percent_decode(http::percent_encode(input, false), false) == input);

  // A value that decodes to valid UTF-8 and holds no separator is read back as sent.
  if (input.find_first_of("&=") == std::string_view::npos) {
    const auto decoded = http::percent_decode(input);
    const auto form = http::parse_form("k=" + std::string(input));
    FUZZ_CHECK(form.has_value() == (decoded && text::is_valid_utf8(*decoded)));
    if (form) FUZZ_CHECK(form->first("k") == *decoded);
  }
}
