// See json.hpp.
#include "text/json.hpp"

#include "text/utf8.hpp"

namespace polls::text {

namespace {

void append_unicode_escape(std::string& out, char32_t code_point) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code_point >> shift) & 0xfU];
}

// The two-character escape RFC 8259 gives some characters; 0 for the others.
char short_escape(char c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    default:
      return 0;
  }
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (const char escape = short_escape(c); escape != 0) {
      out += '\\';
      out += escape;
    } else if (u < 0x20 || u == 0x7f) {
      append_unicode_escape(out, u);
    } else if (u >= 0x80) {
      const auto code_point = decode_utf8(text, i);
      if (!code_point) {
        append_unicode_escape(out, U'\uFFFD');
        ++i;
        continue;
      }
      if (code_point->value == U'\u2028' || code_point->value == U'\u2029') {
        append_unicode_escape(out, code_point->value);
      } else {
        out.append(text.substr(i, code_point->length));
      }
      i += code_point->length;
      continue;
    } else {
      out += c;
    }
    ++i;
  }
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_member_.empty()) return;
  if (has_member_.back()) out_ += ',';
  has_member_.back() = true;
}

void JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  has_member_.push_back(false);
}

void JsonWriter::close(char bracket) {
  out_ += bracket;
  if (!has_member_.empty()) has_member_.pop_back();
}

JsonWriter& JsonWriter::begin_object() {
  open('{');
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  close('}');
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  open('[');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  out_ += '"';
  append_json_escaped(out_, name);
  out_ += "\":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  out_ += '"';
  append_json_escaped(out_, text);
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace polls::text
