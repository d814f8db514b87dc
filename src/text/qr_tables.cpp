// See qr_tables.hpp. The numbers are the standard's, version by version (index 0 unused).
#include "text/qr_tables.hpp"

#include <array>
#include <cstddef>

namespace polls::text::qr::detail {
namespace {

// clang-format off: one line per ten versions, as the tables are read.
constexpr std::array<int, 41> kTotalCodewords = {
    0,  // versions 1-10, 11-20, 21-30, 31-40 below
    26,   44,   70,   100,  134,  172,  196,  242,  292,  346,  404,  466,  532,  581,
    655,  733,  815,  901,  991,  1085, 1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921,
    2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
};

// Table 9, in the order of Ecc (L, M, Q, H): error-correction codewords per block...
constexpr std::array<std::array<int, 41>, 4> kEccPerBlock = {{
    {0,  // L
     7,  10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
     28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {0,  // M
     10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
     26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
    {0,  // Q
     13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
     28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {0,  // H
     17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
     30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
}};

// ...and the number of blocks.
constexpr std::array<std::array<int, 41>, 4> kBlocks = {{
    {0,  // L
     1, 1, 1, 1,  1,  2,  2,  2,  2,  4,  4,  4,  4,  4,  6,  6,  6,  6,  7,  8,
     8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
    {0,  // M
     1,  1,  1,  2,  2,  4,  4,  4,  5,  5,  5,  8,  9,  9,  10, 10, 11, 13, 14, 16,
     17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
    {0,  // Q
     1,  1,  2,  2,  4,  4,  6,  6,  8,  8,  8,  10, 12, 16, 12, 17, 16, 18, 21, 20,
     23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
    {0,  // H
     1,  1,  2,  4,  4,  4,  5,  6,  8,  8,  11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
     25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
}};
// clang-format on

// Annex E: the centres after the first, which is always 6 (0 ends a shorter list).
constexpr std::array<std::array<int, 6>, 41> kAlignment = {{
    {},
    {},
    {18},
    {22},
    {26},
    {30},
    {34},
    {22, 38},
    {24, 42},
    {26, 46},
    {28, 50},
    {30, 54},
    {32, 58},
    {34, 62},
    {26, 46, 66},
    {26, 48, 70},
    {26, 50, 74},
    {30, 54, 78},
    {30, 56, 82},
    {30, 58, 86},
    {34, 62, 90},
    {28, 50, 72, 94},
    {26, 50, 74, 98},
    {30, 54, 78, 102},
    {28, 54, 80, 106},
    {32, 58, 84, 110},
    {30, 58, 86, 114},
    {34, 62, 90, 118},
    {26, 50, 74, 98, 122},
    {30, 54, 78, 102, 126},
    {26, 52, 78, 104, 130},
    {30, 56, 82, 108, 134},
    {34, 60, 86, 112, 138},
    {30, 58, 86, 114, 142},
    {34, 62, 90, 118, 146},
    {30, 54, 78, 102, 126, 150},
    {24, 50, 76, 102, 128, 154},
    {28, 54, 80, 106, 132, 158},
    {32, 58, 84, 110, 136, 162},
    {26, 54, 82, 110, 138, 166},
    {30, 58, 86, 114, 142, 170},
}};

auto level(Ecc ecc) { return static_cast<std::size_t>(ecc); }
auto at(int version) { return static_cast<std::size_t>(version); }

}  // namespace

int total_codewords(int version) { return kTotalCodewords.at(at(version)); }

BlockLayout block_layout(int version, Ecc ecc) {
  return {kBlocks.at(level(ecc)).at(at(version)), kEccPerBlock.at(level(ecc)).at(at(version))};
}

int data_codewords(int version, Ecc ecc) {
  const BlockLayout layout = block_layout(version, ecc);
  return total_codewords(version) - layout.blocks * layout.ecc_per_block;
}

std::vector<int> alignment_centres(int version) {
  if (version == 1) return {};
  std::vector<int> centres{6};
  for (const int centre : kAlignment.at(at(version))) {
    if (centre != 0) centres.push_back(centre);
  }
  return centres;
}

}  // namespace polls::text::qr::detail
