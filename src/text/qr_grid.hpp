// The modules of a QR symbol while it is built: the function patterns first, then the
// codewords in their zigzag, then a mask and the format information. Internal to text/qr_*.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "text/qr_code.hpp"

namespace polls::text::qr::detail {

class Grid {
 public:
  // A symbol of the version with every function pattern drawn (finders and their separators,
  // timing, alignment, the dark module, version information) and the format areas reserved.
  explicit Grid(int version);

  int size() const { return size_; }
  // How many modules are left for codewords (remainder bits included).
  int data_modules() const;
  // Lays the codewords' bits, most significant first, in the two-column zigzag of 7.7.3; the
  // remainder bits after them stay light.
  void place(std::span<const std::uint8_t> codewords);
  // The finished symbol: the mask applied to the data modules, the format information drawn.
  Matrix finish(Ecc ecc, int mask) const;

 private:
  std::size_t index(int x, int y) const;
  void set_function(int x, int y, bool dark);
  void draw_timing();
  void draw_finder(int centre_x, int centre_y);
  void draw_alignments();
  void draw_version();
  void reserve_format();

  int version_;
  int size_;
  std::vector<std::uint8_t> dark_;
  std::vector<std::uint8_t> function_;
};

}  // namespace polls::text::qr::detail
