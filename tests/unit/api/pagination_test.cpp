// Page-number pagination: which ?page= values name a page, and the links between pages.
#include "api/pagination.hpp"

#include <doctest/doctest.h>

using polls::api::Page;
using polls::api::page_number;

TEST_CASE("no ?page= is the first page, and only positive integers name a page") {
  CHECK(page_number(std::nullopt) == 1);
  CHECK(page_number("1") == 1);
  CHECK(page_number("3") == 3);
  for (const char* bad :
       {"", "0", "-1", "+2", "abc", "1.5", " 1", "2x", "last", "99999999999999999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(page_number(bad));
  }
}

TEST_CASE("pages hold twenty items, and an empty list still has its first page") {
  CHECK(Page{1, 0}.last() == 1);
  CHECK(Page{1, 0}.exists());
  CHECK(Page{1, 20}.last() == 1);
  CHECK(Page{1, 21}.last() == 2);
  CHECK(Page{2, 25}.exists());
  CHECK(Page{2, 25}.offset() == 20);
  CHECK_FALSE(Page{3, 25}.exists());
  CHECK_FALSE(Page{2, 0}.exists());
  CHECK_FALSE(Page{0, 25}.exists());
}

TEST_CASE("next and previous link to the neighbouring pages, the first one without ?page=") {
  const Page first{1, 45};
  CHECK(first.next("/api/polls/") == "/api/polls/?page=2");
  CHECK_FALSE(first.previous("/api/polls/"));
  const Page second{2, 45};
  CHECK(second.next("/api/polls/") == "/api/polls/?page=3");
  CHECK(second.previous("/api/polls/") == "/api/polls/");
  const Page last{3, 45};
  CHECK_FALSE(last.next("/api/polls/"));
  CHECK(last.previous("/api/polls/") == "/api/polls/?page=2");
}
