// application/x-www-form-urlencoded bodies as browsers and HTTP clients send them, parsed into
// every (name, value) pair in order, with the percent-encoding helpers they need.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace polls::http {

// Django's DATA_UPLOAD_MAX_NUMBER_FIELDS: more fields than this and the body is refused.
constexpr std::size_t kMaxFormFields = 1000;

// The decoded fields of a form body, in the order they were sent; a name may repeat (checkbox
// lists, <select multiple>). Views returned by first() and all() are valid until the Form is
// changed or destroyed.
class Form {
 public:
  using Field = std::pair<std::string, std::string>;

  // The first value sent for name, if any.
  std::optional<std::string_view> first(std::string_view name) const;
  // Every value sent for name, in order; empty if none.
  std::vector<std::string_view> all(std::string_view name) const;
  bool contains(std::string_view name) const { return first(name).has_value(); }

  const std::vector<Field>& fields() const { return fields_; }
  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

  void add(std::string name, std::string value);

 private:
  std::vector<Field> fields_;
};

// Parses a form body: fields split on '&' (not ';', as in WHATWG and Python 3.10+), empty pieces
// skipped, a piece without '=' is a name with an empty value, '+' is a space, %XX is a byte.
// nullopt (answer 400) when the body is not a form a real client would send: a '%' not followed
// by two hex digits (browsers always send a literal '%' as %25, so this is a broken or hostile
// client, and guessing what it meant, as Python does by keeping "%zz" verbatim, hides the bug),
// a decoded name or value that is not valid UTF-8 (every page is UTF-8, so browsers encode forms
// in UTF-8), or more than kMaxFormFields fields.
std::optional<Form> parse_form(std::string_view body);

// Decodes %XX escapes (and '+' as a space when plus_is_space, as in form bodies and query
// strings; not in paths). nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = true);

// Encodes text for a form body or query string the way browsers do: ASCII letters, digits and
// "*-._" stay, a space becomes '+' (when space_as_plus, else %20), every other byte is %XX.
std::string percent_encode(std::string_view text, bool space_as_plus = true);

}  // namespace polls::http
