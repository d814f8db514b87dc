// The mask penalty of ISO/IEC 18004:2015, 7.8.3 (Table 11): a symbol is easier to scan without
// long runs, blocks of one colour, look-alikes of the finder pattern, or a skew to dark or light.
// encode() keeps the mask of lowest penalty. See qr_code.hpp.
#include <cstdlib>
#include <vector>

#include "text/qr_code.hpp"

namespace polls::text::qr {
namespace {

constexpr int kRunPenalty = 3;       // N1, a run of 5, plus 1 a module beyond
constexpr int kBlockPenalty = 3;     // N2, each 2×2 block of one colour
constexpr int kFinderPenalty = 40;   // N3, each 1:1:3:1:1 pattern beside 4 light modules
constexpr int kBalancePenalty = 10;  // N4, each 5 % of dark modules away from half

// The lengths of the runs of one colour along a line, light first (0 if the line starts dark):
// so dark runs have odd indices.
std::vector<int> run_lengths(const std::vector<bool>& line) {
  std::vector<int> runs{0};
  bool colour = false;
  for (const bool dark : line) {
    if (dark != colour) {
      runs.push_back(0);
      colour = dark;
    }
    ++runs.back();
  }
  return runs;
}

// N3 for the dark run at index centre: dark, light, dark ×3, light, dark in the ratio
// 1:1:3:1:1, with light 4 units wide before or after it. The first and last runs touch the
// edge, where the light quiet zone continues them. Counted once even if light on both sides.
bool finder_like(const std::vector<int>& runs, std::size_t centre) {
  const int unit = runs[centre] / 3;
  if (unit == 0 || runs[centre] % 3 != 0) return false;
  for (const std::size_t k : {centre - 2, centre - 1, centre + 1, centre + 2}) {
    if (runs[k] != unit) return false;
  }
  const bool light_before = centre - 3 == 0 || runs[centre - 3] >= 4 * unit;
  const bool light_after = centre + 3 >= runs.size() - 1 || runs[centre + 3] >= 4 * unit;
  return light_before || light_after;
}

// N1 and N3 along one row or column.
int line_penalty(const std::vector<bool>& line) {
  const std::vector<int> runs = run_lengths(line);
  int score = 0;
  for (const int run : runs) {
    if (run >= 5) score += kRunPenalty + run - 5;
  }
  for (std::size_t centre = 3; centre + 2 < runs.size(); centre += 2) {
    if (finder_like(runs, centre)) score += kFinderPenalty;
  }
  return score;
}

int lines_penalty(const Matrix& matrix) {
  const int size = matrix.size();
  int score = 0;
  std::vector<bool> row(static_cast<std::size_t>(size));
  std::vector<bool> column(static_cast<std::size_t>(size));
  for (int a = 0; a < size; ++a) {
    for (int b = 0; b < size; ++b) {
      row[static_cast<std::size_t>(b)] = matrix.dark(b, a);
      column[static_cast<std::size_t>(b)] = matrix.dark(a, b);
    }
    score += line_penalty(row) + line_penalty(column);
  }
  return score;
}

// N2: every 2×2 block of one colour, overlapping ones each counted.
int blocks_penalty(const Matrix& matrix) {
  int score = 0;
  for (int y = 0; y + 1 < matrix.size(); ++y) {
    for (int x = 0; x + 1 < matrix.size(); ++x) {
      const bool colour = matrix.dark(x, y);
      if (matrix.dark(x + 1, y) == colour && matrix.dark(x, y + 1) == colour &&
          matrix.dark(x + 1, y + 1) == colour) {
        score += kBlockPenalty;
      }
    }
  }
  return score;
}

// N4: k whole steps of 5 % between the share of dark modules and 50 %, in integers:
// |100·dark/total − 50| / 5 = |20·dark − 10·total| / total.
int balance_penalty(const Matrix& matrix) {
  int dark = 0;
  for (int y = 0; y < matrix.size(); ++y) {
    for (int x = 0; x < matrix.size(); ++x) dark += matrix.dark(x, y) ? 1 : 0;
  }
  const int total = matrix.size() * matrix.size();
  return kBalancePenalty * (std::abs(20 * dark - 10 * total) / total);
}

}  // namespace

int penalty(const Matrix& matrix) {
  return lines_penalty(matrix) + blocks_penalty(matrix) + balance_penalty(matrix);
}

}  // namespace polls::text::qr
