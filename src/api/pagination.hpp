// Page-number pagination as Django REST framework's PageNumberPagination does it: ?page=N,
// 1-based, a fixed page size, links to the next and previous pages (the first page's link has
// no ?page=), and a page past the last one is not found. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace polls::api {

constexpr std::int64_t kPageSize = 20;

// The page a ?page= value asks for: 1 when there is none; nullopt for anything but a positive
// integer.
std::optional<std::int64_t> page_number(const std::optional<std::string_view>& param);

struct Page {
  std::int64_t number = 1;  // 1-based
  std::int64_t count = 0;   // items in all pages

  // The last page's number; 1 when there are no items (an empty first page exists, as in DRF).
  std::int64_t last() const;
  bool exists() const { return number >= 1 && number <= last(); }
  std::int64_t offset() const { return (number - 1) * kPageSize; }

  // The links of a page that exists, on the list at `base` (a path); nullopt at either end.
  std::optional<std::string> next(std::string_view base) const;
  std::optional<std::string> previous(std::string_view base) const;
};

}  // namespace polls::api
