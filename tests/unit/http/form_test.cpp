// Tests for http/form: form bodies as browsers and clients send them, percent-coding.
#include "http/form.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using polls::http::Form;
using polls::http::kMaxFormFields;
using polls::http::parse_form;
using polls::http::percent_decode;
using polls::http::percent_encode;

namespace {

std::vector<Form::Field> fields_of(std::string_view body) {
  const auto form = parse_form(body);
  REQUIRE(form.has_value());
  return form->fields();
}

}  // namespace

TEST_CASE("a form body from a browser is parsed into its fields in order") {
  const auto form = parse_form("csrfmiddlewaretoken=abc&choice=3");
  REQUIRE(form);
  CHECK(form->size() == 2);
  CHECK(form->first("choice") == "3");
  CHECK(form->first("csrfmiddlewaretoken") == "abc");
  CHECK(form->first("missing") == std::nullopt);
  CHECK_FALSE(form->contains("missing"));
}

TEST_CASE("plus and %20 both decode to a space, and %XX to its byte") {
  CHECK(fields_of("q=what%27s+up%3F") == std::vector<Form::Field>{{"q", "what's up?"}});
  CHECK(fields_of("q=a%20b") == std::vector<Form::Field>{{"q", "a b"}});
  CHECK(fields_of("a+b=c%2Bd") == std::vector<Form::Field>{{"a b", "c+d"}});
  CHECK(fields_of("x=%e2%82%ac%E2%82%AC") == std::vector<Form::Field>{{"x", "\u20ac\u20ac"}});
  CHECK(fields_of("x=100%25") == std::vector<Form::Field>{{"x", "100%"}});
  CHECK(fields_of("x=a%3Db%26c") == std::vector<Form::Field>{{"x", "a=b&c"}});
}

TEST_CASE("a repeated name keeps every value in order") {
  const auto form = parse_form("choice=1&other=x&choice=2&choice=3");
  REQUIRE(form);
  CHECK(form->first("choice") == "1");
  CHECK(form->all("choice") == std::vector<std::string_view>{"1", "2", "3"});
  CHECK(form->all("nothing").empty());
}

TEST_CASE("empty bodies, empty pieces and names without '=' are tolerated") {
  CHECK(parse_form("")->empty());
  CHECK(parse_form("&&&")->empty());
  CHECK(fields_of("a=1&&b=2&") == std::vector<Form::Field>{{"a", "1"}, {"b", "2"}});
  CHECK(fields_of("flag&a=") == std::vector<Form::Field>{{"flag", ""}, {"a", ""}});
  CHECK(fields_of("=orphan") == std::vector<Form::Field>{{"", "orphan"}});
  CHECK(fields_of("a=b=c") == std::vector<Form::Field>{{"a", "b=c"}});
}

TEST_CASE("a semicolon is part of a value, not a separator") {
  CHECK(fields_of("a=1;b=2") == std::vector<Form::Field>{{"a", "1;b=2"}});
}

TEST_CASE("a bad percent escape makes the whole body invalid") {
  CHECK_FALSE(parse_form("q=%zz"));
  CHECK_FALSE(parse_form("q=%"));
  CHECK_FALSE(parse_form("q=%4"));
  CHECK_FALSE(parse_form("ok=1&q=100%"));
  CHECK_FALSE(parse_form("%g0=1"));
}

TEST_CASE("UTF-8 text is accepted and invalid UTF-8 is refused") {
  CHECK(fields_of("name=Jos%C3%A9") == std::vector<Form::Field>{{"name", "Jos\u00e9"}});
  CHECK(fields_of("q=\xc3\xa9t\xc3\xa9") == std::vector<Form::Field>{{"q", "\u00e9t\u00e9"}});
  CHECK_FALSE(parse_form("q=%C3"));        // truncated sequence
  CHECK_FALSE(parse_form("q=%FF"));        // never valid in UTF-8
  CHECK_FALSE(parse_form("q=%C0%AF"));     // overlong '/'
  CHECK_FALSE(parse_form("%ED%A0%80=1"));  // a UTF-16 surrogate, in a name
}

TEST_CASE("more than 1000 fields are refused, like Django's DATA_UPLOAD_MAX_NUMBER_FIELDS") {
  std::string body;
  for (std::size_t i = 0; i < kMaxFormFields; ++i) body += "f=" + std::to_string(i) + "&";
  const auto at_limit = parse_form(body);
  REQUIRE(at_limit);
  CHECK(at_limit->size() == kMaxFormFields);
  CHECK_FALSE(parse_form(body + "one=more"));
  // Empty pieces carry no field, so they do not count.
  CHECK(parse_form(body + std::string(5000, '&')));
}

TEST_CASE("percent_decode treats '+' as a space only when asked") {
  CHECK(percent_decode("a+b%2B") == "a b+");
  CHECK(percent_decode("a+b%2B", false) == "a+b+");
  CHECK(percent_decode("%41%62") == "Ab");
  CHECK(percent_decode("%00") == std::string("\0", 1));
  CHECK(percent_decode("50%") == std::nullopt);
  CHECK(percent_decode("%x1") == std::nullopt);
}

TEST_CASE("percent_encode encodes like a browser and decodes back") {
  CHECK(percent_encode("a b&c=d/\u00e9*-._~") == "a+b%26c%3Dd%2F%C3%A9*-._%7E");
  CHECK(percent_encode("a b", false) == "a%20b");
  const std::string all_bytes = [] {
    std::string s;
    for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
    return s;
  }();
  CHECK(percent_decode(percent_encode(all_bytes)) == all_bytes);
  CHECK(percent_decode(percent_encode(all_bytes, false), false) == all_bytes);
}
