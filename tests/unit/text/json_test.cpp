// Tests for text/json: string escaping per RFC 8259 and the writer's commas.
#include "text/json.hpp"

#include <doctest/doctest.h>

#include <string>

using polls::text::append_json_escaped;
using polls::text::JsonWriter;

namespace {
std::string escaped(std::string_view text) {
  std::string out;
  append_json_escaped(out, text);
  return out;
}
}  // namespace

TEST_CASE("quotes and backslashes are escaped, other printable ASCII is kept") {
  CHECK(escaped(R"(say "hi" \ bye)") == R"(say \"hi\" \\ bye)");
  CHECK(escaped("</script> & <b> 'x' /") == "</script> & <b> 'x' /");
  CHECK(escaped("").empty());
}

TEST_CASE("every control character is escaped, with the short forms where JSON has them") {
  CHECK(escaped("\b\f\n\r\t") == R"(\b\f\n\r\t)");
  CHECK(escaped(std::string_view("\0", 1)) == R"(\u0000)");
  CHECK(escaped("\x01\x1f\x7f") == R"(\u0001\u001f\u007f)");
  for (int c = 0; c < 0x20; ++c) {
    CAPTURE(c);
    const std::string out = escaped(std::string(1, static_cast<char>(c)));
    CHECK(out.front() == '\\');
  }
}

TEST_CASE("U+2028 and U+2029 are escaped, other characters beyond ASCII kept as UTF-8") {
  CHECK(escaped("a\u2028b\u2029c") == R"(a\u2028b\u2029c)");
  CHECK(escaped("caf\u00e9 \u6295\u7968 \U0001F5F3 \u202e") ==
        "caf\u00e9 \u6295\u7968 \U0001F5F3 \u202e");
}

TEST_CASE("each byte that does not start a valid UTF-8 character becomes U+FFFD") {
  CHECK(escaped("a\xff"
                "b") == R"(a\ufffdb)");
  CHECK(escaped("\xc0\xaf") == R"(\ufffd\ufffd)");            // overlong '/'
  CHECK(escaped("\xed\xa0\x80") == R"(\ufffd\ufffd\ufffd)");  // a surrogate
  CHECK(escaped("\xe2\x80") == R"(\ufffd\ufffd)");            // truncated
}

TEST_CASE("the writer places commas and colons between members and elements") {
  JsonWriter json;
  json.begin_object()
      .key("count")
      .value(std::int64_t{2})
      .key("next")
      .null()
      .key("ok")
      .value(true)
      .key("items")
      .begin_array()
      .value("a")
      .begin_object()
      .key("k\"")
      .value(false)
      .end_object()
      .begin_array()
      .end_array()
      .value(std::int64_t{-5})
      .end_array()
      .key("empty")
      .begin_object()
      .end_object()
      .end_object();
  CHECK(json.text() ==
        R"({"count":2,"next":null,"ok":true,"items":["a",{"k\"":false},[],-5],"empty":{}})");
}

TEST_CASE("a lone value is written without a comma, and text is escaped") {
  JsonWriter json;
  json.value("line\nbreak");
  CHECK(json.take() == R"("line\nbreak")");
}
