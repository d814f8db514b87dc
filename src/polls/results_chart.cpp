// See results_chart.hpp.
#include "polls/results_chart.hpp"

#include <algorithm>
#include <numeric>

namespace polls::polls_app {

int percent_of(std::int64_t votes, std::int64_t total) {
  if (total <= 0 || votes <= 0) return 0;
  // The contract's integer form of round half up, (votes*200 + total) / (2*total), which the
  // script computes exactly too. No overflow: a count is Django's IntegerField (at most 2^31 - 1
  // through the admin; PostgreSQL's integer column holds no more), so votes*200 stays far below
  // 2^63 until a question has millions of choices at that count.
  const std::int64_t percent = (votes * 200 + total) / (2 * total);
  // A count above the sum can only come from negative counts beside it (written to the database
  // by hand); a bar is never longer than the chart.
  return static_cast<int>(std::min<std::int64_t>(percent, 100));
}

Chart chart_of(const std::vector<std::int64_t>& votes) {
  Chart chart;
  chart.total = std::accumulate(votes.begin(), votes.end(), std::int64_t{0});
  const std::int64_t top = votes.empty() ? 0 : *std::max_element(votes.begin(), votes.end());
  chart.shares.reserve(votes.size());
  for (const std::int64_t count : votes)
    chart.shares.push_back({percent_of(count, chart.total), top > 0 && count == top});
  return chart;
}

}  // namespace polls::polls_app
