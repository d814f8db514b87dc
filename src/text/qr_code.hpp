// A QR code encoder (ISO/IEC 18004:2015) for byte-mode data: the smallest version 1..40 that
// holds the bytes at the chosen error-correction level, masked by the pattern of lowest penalty.
// Ours because Debian ships libqrencode without a static library; render/qr_svg draws it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace polls::text::qr {

// Error-correction level: about 7, 15, 25 and 30 % of the codewords can be restored.
enum class Ecc { L, M, Q, H };

// A finished symbol of size() × size() modules, without its quiet zone.
class Matrix {
 public:
  // modules: size × size, row by row, nonzero for dark.
  Matrix(int version, Ecc ecc, int mask, std::vector<std::uint8_t> modules);

  int version() const { return version_; }
  Ecc ecc() const { return ecc_; }
  int mask() const { return mask_; }
  int size() const { return 17 + 4 * version_; }
  // x the column, y the row, from the top left; false outside, where the quiet zone is light.
  bool dark(int x, int y) const;

  bool operator==(const Matrix&) const = default;

 private:
  int version_;
  Ecc ecc_;
  int mask_;
  std::vector<std::uint8_t> modules_;
};

// The symbol for bytes in byte mode. mask forces one of the 8 patterns (0..7), for comparing
// with another encoder's symbol; by default the one of lowest penalty() is chosen.
// Throws std::length_error when the bytes exceed byte_capacity(40, ecc), std::invalid_argument
// for a mask outside 0..7.
Matrix encode(std::string_view bytes, Ecc ecc = Ecc::M, std::optional<int> mask = std::nullopt);

// How many bytes the version (1..40) holds at the level in byte mode.
int byte_capacity(int version, Ecc ecc);

// The parts of encode() that have published values to test against:
// the ecc_length Reed-Solomon codewords of data (GF(256) over x^8+x^4+x^3+x^2+1, generator
// roots α^0..α^(ecc_length-1));
std::vector<std::uint8_t> reed_solomon(std::span<const std::uint8_t> data, int ecc_length);
// the 15 format bits of a level and mask, BCH(15,5)-protected and XORed with 101010000010010;
std::uint16_t format_bits(Ecc ecc, int mask);
// the 18 version bits of versions 7..40, BCH(18,6)-protected;
std::uint32_t version_bits(int version);
// the penalty of a finished symbol (section 7.8.3: runs, 2×2 blocks, finder-like patterns,
// balance of dark and light).
int penalty(const Matrix& matrix);

}  // namespace polls::text::qr
