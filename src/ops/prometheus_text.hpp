// Writes Prometheus' text exposition format (version 0.0.4), the format every scraper reads:
// "# HELP" and "# TYPE" once per metric family, then one line per labelled sample.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ops/histogram.hpp"

namespace polls::ops {

inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

class PrometheusText {
 public:
  // The "# HELP" and "# TYPE" lines of a family; type is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, double value);
  // The _bucket (cumulative, with le), _sum (seconds) and _count lines of one histogram.
  void histogram(std::string_view name, const Labels& labels, const Histogram::Snapshot& snapshot);

  const std::string& text() const { return out_; }

 private:
  void labels(const Labels& labels, std::string_view le = {});
  std::string out_;
};

// A label value with \, " and newline escaped as the format requires.
std::string escape_label_value(std::string_view value);

// A sample value: integers without a fraction, others in the shortest exact form, +Inf/-Inf/NaN.
std::string format_sample_value(double value);

}  // namespace polls::ops
