// The results chart's numbers: percentages rounded half up and the leaders, as the issue 16
// contract states them for the page and its live-update script alike.
#include "polls/results_chart.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

// Pure arithmetic, no database: run once, on the SQLite pass (run_guard.hpp).
TEST_SUITE_BEGIN("sqlite_only");

using polls::polls_app::chart_of;
using polls::polls_app::percent_of;

namespace {

std::vector<int> percents(const std::vector<std::int64_t>& votes) {
  std::vector<int> out;
  for (const auto& share : chart_of(votes).shares) out.push_back(share.percent);
  return out;
}

std::vector<bool> leaders(const std::vector<std::int64_t>& votes) {
  std::vector<bool> out;
  for (const auto& share : chart_of(votes).shares) out.push_back(share.leading);
  return out;
}

}  // namespace

TEST_CASE("a share is rounded half up to a whole percent") {
  CHECK(percent_of(1, 3) == 33);   // 33.33...
  CHECK(percent_of(2, 3) == 67);   // 66.66...
  CHECK(percent_of(1, 8) == 13);   // 12.5: half goes up
  CHECK(percent_of(1, 200) == 1);  // 0.5
  CHECK(percent_of(1, 201) == 0);  // 0.497...
  CHECK(percent_of(5, 12) == 42);  // 41.66...
  CHECK(percent_of(7, 7) == 100);
}

TEST_CASE("no votes at all is 0 percent for every choice, not a division by zero") {
  CHECK(percent_of(0, 0) == 0);
  CHECK(percents({0, 0, 0}) == std::vector<int>{0, 0, 0});
}

TEST_CASE("counts written by hand below zero never make a bar shorter than 0 or longer than 100") {
  CHECK(percent_of(-2, 5) == 0);
  CHECK(percent_of(3, -1) == 0);
  CHECK(percents({3, -1}) == std::vector<int>{100, 0});
}

TEST_CASE("the largest counts the admin allows are still exact") {
  constexpr std::int64_t kMax = 2147483647;  // Django's IntegerField
  CHECK(percents({kMax, kMax, kMax, 0}) == std::vector<int>{33, 33, 33, 0});
  CHECK(chart_of({kMax, kMax}).total == 2 * kMax);
}

TEST_CASE("the total is the sum of the counts, in the order given") {
  const auto chart = chart_of({5, 7});
  CHECK(chart.total == 12);
  CHECK(percents({5, 7}) == std::vector<int>{42, 58});
  CHECK(chart_of({}).total == 0);
  CHECK(chart_of({}).shares.empty());
}

TEST_CASE("the choice with the most votes leads, tied leaders all lead, and nobody leads at zero") {
  CHECK(leaders({1, 3, 2}) == std::vector<bool>{false, true, false});
  CHECK(leaders({4, 1, 4}) == std::vector<bool>{true, false, true});
  CHECK(leaders({0, 0}) == std::vector<bool>{false, false});
  CHECK(leaders({2}) == std::vector<bool>{true});
}

TEST_SUITE_END();
