// The numbers the results chart shows beside each bar: a choice's share of the votes and whether
// it leads. The rules are the issue 16 contract's, which assets/static/polls/live-results.js
// applies again to each live update, so a page redrawn by the script reads as a reloaded one.
#pragma once

#include <cstdint>
#include <vector>

namespace polls::polls_app {

// One choice's place in the chart.
struct Share {
  int percent = 0;       // 0..100, rounded half up
  bool leading = false;  // has the top count, when that count is above 0 (ties: each of them)
};

// votes * 100 / total rounded half up; 0 when total is 0 or less.
int percent_of(std::int64_t votes, std::int64_t total);

// A question's chart: the total and each choice's share of it, in the order of the counts given.
struct Chart {
  std::int64_t total = 0;
  std::vector<Share> shares;
};

Chart chart_of(const std::vector<std::int64_t>& votes);

}  // namespace polls::polls_app
