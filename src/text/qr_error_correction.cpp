// The error-correcting codes of a QR symbol: Reed-Solomon over GF(256) for the codewords, and
// the BCH codes that protect the format and version information (ISO/IEC 18004, 7.5 and Annex
// C and D). See qr_code.hpp.
#include <stdexcept>

#include "text/qr_code.hpp"

namespace polls::text::qr {
namespace {

// x^8 + x^4 + x^3 + x^2 + 1, the field's polynomial (7.5.2).
constexpr unsigned kFieldPolynomial = 0x11D;

// Multiplication in GF(256): shift-and-add, reducing by the field polynomial as a byte overflows.
std::uint8_t gf_multiply(unsigned a, unsigned b) {
  unsigned product = 0;
  while (b != 0) {
    if ((b & 1U) != 0) product ^= a;
    a <<= 1U;
    if ((a & 0x100U) != 0) a ^= kFieldPolynomial;
    b >>= 1U;
  }
  return static_cast<std::uint8_t>(product);
}

// (x - α^0)(x - α^1)...(x - α^(degree-1)), coefficients from the highest power down; the first,
// always 1, included. In GF(256) subtraction is addition (XOR).
std::vector<std::uint8_t> generator_polynomial(int degree) {
  std::vector<std::uint8_t> coefficients{1};
  unsigned root = 1;  // α^i, α being 2
  for (int i = 0; i < degree; ++i) {
    coefficients.push_back(0);
    for (std::size_t k = coefficients.size() - 1; k > 0; --k) {
      coefficients[k] ^= gf_multiply(coefficients[k - 1], root);
    }
    root = gf_multiply(root, 2);
  }
  return coefficients;
}

// The remainder of value · x^(degree of generator) divided by generator, both over GF(2): the
// BCH check bits.
std::uint32_t bch_remainder(std::uint32_t value, std::uint32_t generator, int generator_degree) {
  std::uint32_t remainder = value << static_cast<unsigned>(generator_degree);
  for (int bit = 31; bit >= generator_degree; --bit) {
    if ((remainder >> static_cast<unsigned>(bit) & 1U) != 0) {
      remainder ^= generator << static_cast<unsigned>(bit - generator_degree);
    }
  }
  return remainder;
}

}  // namespace

std::vector<std::uint8_t> reed_solomon(std::span<const std::uint8_t> data, int ecc_length) {
  if (ecc_length < 1 || ecc_length > 255) {
    throw std::invalid_argument("reed_solomon: ecc_length must be 1..255");
  }
  const auto generator = generator_polynomial(ecc_length);
  // Polynomial long division of data · x^ecc_length by the generator, the quotient discarded:
  // remainder holds the running remainder, its highest power first.
  std::vector<std::uint8_t> remainder(static_cast<std::size_t>(ecc_length), 0);
  for (const std::uint8_t byte : data) {
    const std::uint8_t factor = byte ^ remainder.front();
    remainder.erase(remainder.begin());
    remainder.push_back(0);
    for (std::size_t k = 0; k < remainder.size(); ++k) {
      remainder[k] ^= gf_multiply(generator[k + 1], factor);
    }
  }
  return remainder;
}

std::uint16_t format_bits(Ecc ecc, int mask) {
  if (mask < 0 || mask > 7) throw std::invalid_argument("format_bits: mask must be 0..7");
  // The level's two bits are not in Ecc's order (Table 12): L 01, M 00, Q 11, H 10.
  constexpr std::uint32_t kLevelBits[] = {0b01, 0b00, 0b11, 0b10};
  const std::uint32_t data = kLevelBits[static_cast<int>(ecc)] << 3U | static_cast<unsigned>(mask);
  // Generator x^10+x^8+x^5+x^4+x^2+x+1 (Annex C); the XOR keeps the bits from being all zero.
  const std::uint32_t bits = data << 10U | bch_remainder(data, 0b10100110111, 10);
  return static_cast<std::uint16_t>(bits ^ 0b101010000010010U);
}

std::uint32_t version_bits(int version) {
  if (version < 7 || version > 40) throw std::invalid_argument("version_bits: version 7..40");
  // Generator x^12+x^11+x^10+x^9+x^8+x^5+x^2+1 (Annex D).
  const auto data = static_cast<std::uint32_t>(version);
  return data << 12U | bch_remainder(data, 0b1111100100101, 12);
}

}  // namespace polls::text::qr
