// See json_value.hpp.
#include "support/json_value.hpp"

#include <charconv>
#include <stdexcept>

#include "text/utf8.hpp"

namespace polls::testing {

const JsonValue& JsonValue::operator[](std::string_view key) const {
  for (const auto& [name, value] : object()) {
    if (name == key) return value;
  }
  throw std::out_of_range("no member \"" + std::string(key) + "\"");
}

bool JsonValue::has(std::string_view key) const {
  for (const auto& member : object()) {
    if (member.first == key) return true;
  }
  return false;
}

std::vector<std::string> JsonValue::keys() const {
  std::vector<std::string> out;
  for (const auto& member : object()) out.push_back(member.first);
  return out;
}

namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  JsonValue document() {
    JsonValue value = parse_value(0);
    skip_space();
    if (pos_ != text_.size()) fail("text after the value");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(what + " at byte " + std::to_string(pos_));
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void expect(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) fail("expected " + std::string(word));
    pos_ += word.size();
  }

  JsonValue parse_value(int depth) {
    if (depth > 64) fail("nested too deeply");
    skip_space();
    switch (peek()) {
      case '{':
        return parse_object(depth);
      case '[':
        return parse_array(depth);
      case '"':
        return JsonValue(parse_string());
      case 't':
        expect("true");
        return JsonValue(true);
      case 'f':
        expect("false");
        return JsonValue(false);
      case 'n':
        expect("null");
        return JsonValue(nullptr);
      default:
        return parse_number();
    }
  }

  JsonValue parse_object(int depth) {
    ++pos_;
    JsonValue::Object members;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return JsonValue(std::move(members));
    }
    while (true) {
      skip_space();
      if (peek() != '"') fail("expected a member name");
      std::string key = parse_string();
      skip_space();
      expect(":");
      members.emplace_back(std::move(key), parse_value(depth + 1));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      expect("}");
      return JsonValue(std::move(members));
    }
  }

  JsonValue parse_array(int depth) {
    ++pos_;
    JsonValue::Array elements;
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return JsonValue(std::move(elements));
    }
    while (true) {
      elements.push_back(parse_value(depth + 1));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      expect("]");
      return JsonValue(std::move(elements));
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > text_.size()) fail("short \\u escape");
    unsigned value = 0;
    const auto [end, error] =
        std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, value, 16);
    if (error != std::errc{} || end != text_.data() + pos_ + 4) fail("bad \\u escape");
    pos_ += 4;
    return value;
  }

  static void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xc0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xe0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }

  char32_t unicode_escape() {
    const unsigned first = hex4();
    if (first >= 0xdc00 && first <= 0xdfff) fail("lone low surrogate");
    if (first < 0xd800 || first > 0xdbff) return first;
    expect("\\u");
    const unsigned second = hex4();
    if (second < 0xdc00 || second > 0xdfff) fail("high surrogate without its low one");
    return 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
  }

  void escape(std::string& out) {
    const char c = peek();
    ++pos_;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'u':
        append_utf8(out, unicode_escape());
        return;
      default:
        fail("unknown escape");
    }
  }

  std::string parse_string() {
    ++pos_;
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const char c = text_[pos_];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c == '\\') {
        ++pos_;
        escape(out);
        continue;
      }
      const auto code_point = text::decode_utf8(text_, pos_);
      if (!code_point) fail("invalid UTF-8");
      out.append(text_.substr(pos_, code_point->length));
      pos_ += code_point->length;
    }
    ++pos_;
    return out;
  }

  void digits() {
    const std::size_t start = pos_;
    while (peek() >= '0' && peek() <= '9') ++pos_;
    if (pos_ == start) fail("expected a digit");
  }

  JsonValue parse_number() {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else {
      digits();
    }
    bool integral = true;
    if (peek() == '.') {
      ++pos_;
      digits();
      integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      digits();
      integral = false;
    }
    const std::string_view number = text_.substr(start, pos_ - start);
    if (integral) {
      std::int64_t value = 0;
      const auto [end, error] =
          std::from_chars(number.data(), number.data() + number.size(), value);
      if (error == std::errc{} && end == number.data() + number.size()) return JsonValue(value);
    }
    return JsonValue(std::stod(std::string(number)));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<JsonValue> parse_json(std::string_view text, std::string* error) {
  try {
    return Reader(text).document();
  } catch (const std::logic_error& e) {  // invalid_argument, or out_of_range from a huge number
    if (error != nullptr) *error = e.what();
    return std::nullopt;
  }
}

}  // namespace polls::testing
