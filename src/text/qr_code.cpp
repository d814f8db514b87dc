// See qr_code.hpp. From bytes to symbol (ISO/IEC 18004:2015, 7.1): the bit stream, its split
// into blocks with their Reed-Solomon codewords, interleaving, placement and masking.
#include "text/qr_code.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "text/qr_grid.hpp"
#include "text/qr_tables.hpp"

namespace polls::text::qr {

namespace {

// Where module (x, y) is in a size × size vector filled row by row.
std::size_t cell(int x, int y, int size) {
  return static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x);
}

constexpr unsigned kByteMode = 0b0100;
constexpr int kModeBits = 4;
// The pad codewords that fill the data capacity, alternately (7.4.10).
constexpr std::uint8_t kPadBytes[] = {0xEC, 0x11};

// The character count indicator of byte mode is longer from version 10 on (Table 3).
int count_bits(int version) { return version < 10 ? 8 : 16; }

std::string level_name(Ecc ecc) { return std::string(1, "LMQH"[static_cast<int>(ecc)]); }

// Bits appended most significant first, read back as bytes.
class BitBuffer {
 public:
  void append(unsigned value, int count) {
    for (int bit = count - 1; bit >= 0; --bit) bits_.push_back((value >> bit & 1U) != 0);
  }
  std::size_t size() const { return bits_.size(); }
  std::vector<std::uint8_t> bytes() const {
    std::vector<std::uint8_t> out(bits_.size() / 8, 0);
    for (std::size_t i = 0; i < out.size() * 8; ++i) {
      if (bits_[i]) out[i / 8] |= static_cast<std::uint8_t>(0x80U >> (i % 8));
    }
    return out;
  }

 private:
  std::vector<bool> bits_;
};

int smallest_version(std::size_t length, Ecc ecc) {
  for (int version = detail::kMinVersion; version <= detail::kMaxVersion; ++version) {
    if (length <= static_cast<std::size_t>(byte_capacity(version, ecc))) return version;
  }
  throw std::length_error("QR code: " + std::to_string(length) + " bytes exceed the " +
                          std::to_string(byte_capacity(detail::kMaxVersion, ecc)) +
                          " that the largest symbol (version 40) holds at level " +
                          level_name(ecc));
}

// Mode, count, the bytes, then the terminator and padding up to the data capacity (7.4).
std::vector<std::uint8_t> data_stream(std::string_view bytes, int version, Ecc ecc) {
  const auto capacity = static_cast<std::size_t>(detail::data_codewords(version, ecc)) * 8;
  BitBuffer bits;
  bits.append(kByteMode, kModeBits);
  bits.append(static_cast<unsigned>(bytes.size()), count_bits(version));
  for (const char byte : bytes) bits.append(static_cast<unsigned char>(byte), 8);
  bits.append(0, static_cast<int>(std::min<std::size_t>(4, capacity - bits.size())));
  bits.append(0, static_cast<int>((8 - bits.size() % 8) % 8));
  std::vector<std::uint8_t> codewords = bits.bytes();
  for (std::size_t pad = 0; codewords.size() * 8 < capacity; ++pad) {
    codewords.push_back(kPadBytes[pad % 2]);
  }
  return codewords;
}

// The data split into blocks, each followed by its error correction, then interleaved: the
// first codeword of every block, the second of every block, and so on, data before error
// correction (7.6). The shorter blocks come first; longer ones have one codeword more.
std::vector<std::uint8_t> interleave(const std::vector<std::uint8_t>& data, int version, Ecc ecc) {
  const detail::BlockLayout layout = detail::block_layout(version, ecc);
  const auto blocks = static_cast<std::size_t>(layout.blocks);
  const std::size_t short_length = data.size() / blocks;
  const std::size_t short_blocks = blocks - data.size() % blocks;
  std::vector<std::span<const std::uint8_t>> parts;
  std::vector<std::vector<std::uint8_t>> corrections;
  for (std::size_t block = 0, start = 0; block < blocks; ++block) {
    const std::size_t length = short_length + (block < short_blocks ? 0 : 1);
    parts.emplace_back(data.data() + start, length);
    corrections.push_back(reed_solomon(parts.back(), layout.ecc_per_block));
    start += length;
  }
  std::vector<std::uint8_t> out;
  out.reserve(static_cast<std::size_t>(detail::total_codewords(version)));
  for (std::size_t i = 0; i <= short_length; ++i) {
    for (const auto part : parts) {
      if (i < part.size()) out.push_back(part[i]);
    }
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(layout.ecc_per_block); ++i) {
    for (const auto& correction : corrections) out.push_back(correction[i]);
  }
  return out;
}

}  // namespace

Matrix::Matrix(int version, Ecc ecc, int mask, std::vector<std::uint8_t> modules)
    : version_(version), ecc_(ecc), mask_(mask), modules_(std::move(modules)) {
  if (modules_.size() != static_cast<std::size_t>(size()) * static_cast<std::size_t>(size())) {
    throw std::invalid_argument("qr::Matrix: modules do not fill the version's size");
  }
}

bool Matrix::dark(int x, int y) const {
  if (x < 0 || y < 0 || x >= size() || y >= size()) return false;
  return modules_[cell(x, y, size())] != 0;
}

int byte_capacity(int version, Ecc ecc) {
  if (version < detail::kMinVersion || version > detail::kMaxVersion) {
    throw std::invalid_argument("QR code: version must be 1..40");
  }
  return (detail::data_codewords(version, ecc) * 8 - kModeBits - count_bits(version)) / 8;
}

Matrix encode(std::string_view bytes, Ecc ecc, std::optional<int> mask) {
  if (mask && (*mask < 0 || *mask > 7)) throw std::invalid_argument("QR code: mask must be 0..7");
  const int version = smallest_version(bytes.size(), ecc);
  detail::Grid grid(version);
  grid.place(interleave(data_stream(bytes, version, ecc), version, ecc));
  if (mask) return grid.finish(ecc, *mask);
  // Every mask tried, the first of lowest penalty kept (7.8.3).
  std::optional<Matrix> best;
  int best_penalty = std::numeric_limits<int>::max();
  for (int candidate = 0; candidate < 8; ++candidate) {
    Matrix matrix = grid.finish(ecc, candidate);
    const int score = penalty(matrix);
    if (score < best_penalty) {
      best_penalty = score;
      best = std::move(matrix);
    }
  }
  return std::move(*best);
}

}  // namespace polls::text::qr
