// See pagination.hpp.
#include "api/pagination.hpp"

#include "text/integer.hpp"

namespace polls::api {

std::optional<std::int64_t> page_number(const std::optional<std::string_view>& param) {
  if (!param) return 1;
  const auto number = text::parse_digits<std::int64_t>(*param);
  if (!number || *number < 1) return std::nullopt;
  return number;
}

std::int64_t Page::last() const {
  if (count <= 0) return 1;
  return (count + kPageSize - 1) / kPageSize;
}

std::optional<std::string> Page::next(std::string_view base) const {
  if (number >= last()) return std::nullopt;
  return std::string(base) + "?page=" + std::to_string(number + 1);
}

std::optional<std::string> Page::previous(std::string_view base) const {
  if (number <= 1) return std::nullopt;
  if (number == 2) return std::string(base);
  return std::string(base) + "?page=" + std::to_string(number - 1);
}

}  // namespace polls::api
