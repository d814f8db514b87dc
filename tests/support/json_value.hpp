// A strict JSON reader for tests (RFC 8259: no trailing commas, no comments, no control
// characters or invalid UTF-8 in strings, escapes and surrogate pairs checked, nothing after the
// value), so a test can say that a body is valid JSON and then look inside it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace polls::testing {

class JsonValue {
 public:
  using Array = std::vector<JsonValue>;
  // Members in the order written: tests check the order the API promises.
  using Object = std::vector<std::pair<std::string, JsonValue>>;

  JsonValue() = default;
  template <typename T>
  explicit JsonValue(T value) : value_(std::move(value)) {}

  bool is_null() const { return std::holds_alternative<std::nullptr_t>(value_); }
  bool is_bool() const { return std::holds_alternative<bool>(value_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(value_); }
  bool is_string() const { return std::holds_alternative<std::string>(value_); }
  bool is_array() const { return std::holds_alternative<Array>(value_); }
  bool is_object() const { return std::holds_alternative<Object>(value_); }

  // The value as that type; throws std::bad_variant_access when it is another.
  bool boolean() const { return std::get<bool>(value_); }
  std::int64_t integer() const { return std::get<std::int64_t>(value_); }
  const std::string& string() const { return std::get<std::string>(value_); }
  const Array& array() const { return std::get<Array>(value_); }
  const Object& object() const { return std::get<Object>(value_); }

  // An object's member; throws std::out_of_range when there is none.
  const JsonValue& operator[](std::string_view key) const;
  const JsonValue& operator[](std::size_t index) const { return array().at(index); }
  bool has(std::string_view key) const;
  // An object's keys, in order.
  std::vector<std::string> keys() const;

 private:
  std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> value_ =
      nullptr;
};

// The value the whole text holds; nullopt (and the reason in *error, if given) when the text is
// not exactly one valid JSON value, optionally wrapped in white space.
std::optional<JsonValue> parse_json(std::string_view text, std::string* error = nullptr);

}  // namespace polls::testing
