// JSON text written by hand (RFC 8259), compact: string escaping, and a writer that places the
// commas and colons so that callers only say what comes next. The logs and the JSON API both
// write through here, so there is one definition of a JSON string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace polls::text {

// text as the inside of a JSON string (no quotes added): '"' and '\\' escaped, every control
// character (U+0000..U+001F, and DEL) escaped, U+2028 and U+2029 escaped too (JavaScript before
// ES2019 ends a line at them, so JSON pasted into a script stays one statement), and each byte
// that does not start a valid UTF-8 character (utf8.hpp) replaced by U+FFFD, so the output is
// always valid UTF-8 and valid JSON.
void append_json_escaped(std::string& out, std::string_view text);

// Appends one JSON value at a time. Inside an object, key() comes before each value. The writer
// does not check nesting: a caller that closes what it did not open writes bad JSON (the unit
// tests parse what the API writes).
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(bool flag);
  JsonWriter& null();

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  // Writes the comma a value needs when it is not the first in its array or object.
  void before_value();
  void open(char bracket);
  void close(char bracket);

  std::string out_;
  // One entry per open array or object: whether it has a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

}  // namespace polls::text
