// Quoted values and counted nouns; see messages.hpp.
#include "text/messages.hpp"

namespace polls::text {

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

std::string counted(std::int64_t count, std::string_view singular, std::string_view plural) {
  std::string out = std::to_string(count);
  out += ' ';
  out += count == 1 ? singular : plural;
  return out;
}

}  // namespace polls::text
