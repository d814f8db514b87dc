// libFuzzer harness for text/json: any bytes, escaped and quoted, are one JSON string that a
// strict parser (tests/support/json_value) reads, back as the same text when it was valid UTF-8,
// with no raw control character, U+2028 or U+2029 in it. Built and run by scripts/fuzz.
#include <string>

#include "fuzz_harness.hpp"
#include "support/json_value.hpp"
#include "text/json.hpp"
#include "text/utf8.hpp"

namespace polls::fuzz {

void check_input(std::string_view input) {
  std::string quoted = "\"";
  text::append_json_escaped(quoted, input);
  quoted += '"';
  FUZZ_CHECK(text::is_valid_utf8(quoted));
  for (const char c : quoted) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
  FUZZ_CHECK(quoted.find("\u2028") == std::string::npos);
  FUZZ_CHECK(quoted.find("\u2029") == std::string::npos);
  const auto parsed = testing::parse_json(quoted);
  FUZZ_CHECK(parsed && parsed->is_string());
  if (text::is_valid_utf8(input)) FUZZ_CHECK(parsed->string() == input);

  // The writer's output is one valid JSON document whatever the text.
  text::JsonWriter json;
  json.begin_object().key(input).begin_array().value(input).null().end_array().end_object();
  const auto document = testing::parse_json(json.text());
  FUZZ_CHECK(document && document->is_object() && document->object().size() == 1);
}

}  // namespace polls::fuzz
