// See qr_grid.hpp. Coordinates are x the column and y the row, from the top left (section 6.3).
#include "text/qr_grid.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <utility>

#include "text/qr_tables.hpp"

namespace polls::text::qr::detail {
namespace {

struct Point {
  int x;
  int y;
};

// Where bit (0 the least significant) of the format information goes: once beside the top
// left finder, once split between the other two (7.9.1, Figure 25).
std::array<Point, 2> format_positions(int bit, int size) {
  Point near{};
  if (bit < 6) {
    near = {8, bit};
  } else if (bit < 8) {
    near = {8, bit + 1};  // row 6 is the timing pattern
  } else if (bit == 8) {
    near = {7, 8};
  } else {
    near = {14 - bit, 8};
  }
  const Point far = bit < 8 ? Point{size - 1 - bit, 8} : Point{8, size - 15 + bit};
  return {near, far};
}

// Whether the mask pattern (Table 10) inverts the module in row i, column j.
bool mask_inverts(int mask, int i, int j) {
  switch (mask) {
    case 0:
      return (i + j) % 2 == 0;
    case 1:
      return i % 2 == 0;
    case 2:
      return j % 3 == 0;
    case 3:
      return (i + j) % 3 == 0;
    case 4:
      return (i / 2 + j / 3) % 2 == 0;
    case 5:
      return (i * j) % 2 + (i * j) % 3 == 0;
    case 6:
      return ((i * j) % 2 + (i * j) % 3) % 2 == 0;
    default:
      return ((i + j) % 2 + (i * j) % 3) % 2 == 0;
  }
}

}  // namespace

Grid::Grid(int version)
    : version_(version),
      size_(17 + 4 * version),
      dark_(static_cast<std::size_t>(size_ * size_), 0),
      function_(dark_.size(), 0) {
  // Timing first: the finders and alignment patterns drawn over its ends agree with it anyway.
  draw_timing();
  draw_finder(3, 3);
  draw_finder(size_ - 4, 3);
  draw_finder(3, size_ - 4);
  draw_alignments();
  reserve_format();
  set_function(8, size_ - 8, true);  // the dark module, always dark (7.9.1)
  draw_version();
}

std::size_t Grid::index(int x, int y) const {
  return static_cast<std::size_t>(y) * static_cast<std::size_t>(size_) +
         static_cast<std::size_t>(x);
}

void Grid::set_function(int x, int y, bool dark) {
  dark_[index(x, y)] = dark ? 1 : 0;
  function_[index(x, y)] = 1;
}

void Grid::draw_timing() {
  for (int i = 0; i < size_; ++i) {
    set_function(6, i, i % 2 == 0);
    set_function(i, 6, i % 2 == 0);
  }
}

// The 7×7 finder and the light separator around it: rings by their distance from the centre,
// dark but for the ring at 2 and the separator at 4 (cut off by the edges).
void Grid::draw_finder(int centre_x, int centre_y) {
  for (int dy = -4; dy <= 4; ++dy) {
    for (int dx = -4; dx <= 4; ++dx) {
      const int x = centre_x + dx;
      const int y = centre_y + dy;
      if (x < 0 || y < 0 || x >= size_ || y >= size_) continue;
      const int ring = std::max(std::abs(dx), std::abs(dy));
      set_function(x, y, ring != 2 && ring != 4);
    }
  }
}

// A 5×5 pattern at every pair of centres but the three that would overlap a finder.
void Grid::draw_alignments() {
  const std::vector<int> centres = alignment_centres(version_);
  const int last = centres.empty() ? 0 : centres.back();
  for (const int cy : centres) {
    for (const int cx : centres) {
      if ((cx == 6 && cy == 6) || (cx == 6 && cy == last) || (cx == last && cy == 6)) continue;
      for (int dy = -2; dy <= 2; ++dy) {
        for (int dx = -2; dx <= 2; ++dx) {
          set_function(cx + dx, cy + dy, std::max(std::abs(dx), std::abs(dy)) != 1);
        }
      }
    }
  }
}

// Light for now: finish() draws the real bits once the mask is known.
void Grid::reserve_format() {
  for (int bit = 0; bit < 15; ++bit) {
    for (const Point p : format_positions(bit, size_)) set_function(p.x, p.y, false);
  }
}

// From version 7, two 6×3 blocks beside the top right and bottom left finders (7.10).
void Grid::draw_version() {
  if (version_ < 7) return;
  const std::uint32_t bits = version_bits(version_);
  for (int bit = 0; bit < 18; ++bit) {
    const bool dark = (bits >> static_cast<unsigned>(bit) & 1U) != 0;
    const int across = size_ - 11 + bit % 3;
    const int along = bit / 3;
    set_function(across, along, dark);
    set_function(along, across, dark);
  }
}

int Grid::data_modules() const {
  return static_cast<int>(std::count(function_.begin(), function_.end(), 0));
}

void Grid::place(std::span<const std::uint8_t> codewords) {
  const std::size_t bits = codewords.size() * 8;
  std::size_t next = 0;
  bool upward = true;
  // Two-column strips from the right edge leftwards, skipping column 6 (vertical timing).
  for (int right = size_ - 1; right > 0; right -= 2) {
    if (right == 6) right = 5;
    for (int step = 0; step < size_; ++step) {
      const int y = upward ? size_ - 1 - step : step;
      for (const int x : {right, right - 1}) {
        if (function_[index(x, y)] != 0 || next == bits) continue;
        const unsigned byte = codewords[next / 8];
        dark_[index(x, y)] = (byte >> (7 - next % 8) & 1U) != 0 ? 1 : 0;
        ++next;
      }
    }
    upward = !upward;
  }
}

Matrix Grid::finish(Ecc ecc, int mask) const {
  std::vector<std::uint8_t> modules = dark_;
  for (int y = 0; y < size_; ++y) {
    for (int x = 0; x < size_; ++x) {
      if (function_[index(x, y)] == 0 && mask_inverts(mask, y, x)) modules[index(x, y)] ^= 1U;
    }
  }
  const std::uint16_t bits = format_bits(ecc, mask);
  for (int bit = 0; bit < 15; ++bit) {
    for (const Point p : format_positions(bit, size_)) {
      modules[index(p.x, p.y)] = (bits >> static_cast<unsigned>(bit) & 1U) != 0 ? 1 : 0;
    }
  }
  return Matrix(version_, ecc, mask, std::move(modules));
}

}  // namespace polls::text::qr::detail
