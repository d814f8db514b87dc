// The version-dependent numbers of ISO/IEC 18004 that qr_code.cpp and qr_grid.cpp build on:
// codewords, error-correction blocks and alignment pattern centres. Internal to text/qr_*.
#pragma once

#include <vector>

#include "text/qr_code.hpp"

namespace polls::text::qr::detail {

constexpr int kMinVersion = 1;
constexpr int kMaxVersion = 40;

// All codewords of a version, data and error correction (Table 1).
int total_codewords(int version);

// How the codewords of a version and level split into blocks (Table 9): blocks() blocks of
// ecc_per_block error-correction codewords each; the data codewords are shared as evenly as
// possible, the shorter blocks first.
struct BlockLayout {
  int blocks;
  int ecc_per_block;
};
BlockLayout block_layout(int version, Ecc ecc);

// Data codewords of a version and level: the total less the error correction.
int data_codewords(int version, Ecc ecc);

// The row and column coordinates of alignment pattern centres (Annex E), empty for version 1.
std::vector<int> alignment_centres(int version);

}  // namespace polls::text::qr::detail
