// Tests for text/qr_code: whole symbols against those of another encoder (Debian's qrencode
// 4.1.1, libqrencode), and the parts against the values the standard publishes.
#include "text/qr_code.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "text/qr_grid.hpp"
#include "text/qr_tables.hpp"

using polls::text::qr::byte_capacity;
using polls::text::qr::Ecc;
using polls::text::qr::encode;
using polls::text::qr::format_bits;
using polls::text::qr::Matrix;
using polls::text::qr::penalty;
using polls::text::qr::reed_solomon;
using polls::text::qr::version_bits;

namespace {

// A symbol as the expected ones below are written: a line break, then one line per row, '#'
// for dark and '.' for light.
std::string picture(const Matrix& matrix) {
  std::string out = "\n";
  for (int y = 0; y < matrix.size(); ++y) {
    for (int x = 0; x < matrix.size(); ++x) out += matrix.dark(x, y) ? '#' : '.';
    out += '\n';
  }
  return out;
}

// Each written by qrencode as in its comment, '##' and '  ' then replaced by '#' and '.'.
// Its mask choice is the standard's penalty, as ours: the two agreed on 1,500 random inputs
// of every level and on every version's first and last length.

// qrencode -8 -l M -t ASCII -m 0 'Django polls': version 1, mask 7.
constexpr std::string_view kDjangoPolls = R"(
#######....#..#######
#.....#...#...#.....#
#.###.#....#..#.###.#
#.###.#..#.#..#.###.#
#.###.#....##.#.###.#
#.....#.#.#...#.....#
#######.#.#.#.#######
..........#..........
#..#.##.#..###.#.....
..###..#..##.#..#####
#.#...##...#.###....#
.##..#..###.#.##.#.##
#..#..####.#....#..##
........#.##.###.#...
#######...#####.#.##.
#.....#.#...#...#..#.
#.###.#..#..##.##....
#.###.#.#.###..######
#.###.#..#.##.###...#
#.....#....#.#.......
#######.#.#...####.#.
)";

// qrencode -8 -l M -t ASCII -m 0 'http://127.0.0.1:8000/polls/1/': version 3, mask 2.
constexpr std::string_view kLocalUrl = R"(
#######....#####...##.#######
#.....#......####.#.#.#.....#
#.###.#.#.##.#.#..###.#.###.#
#.###.#.#.....##.#.#..#.###.#
#.###.#.#.#....#####..#.###.#
#.....#.###......#....#.....#
#######.#.#.#.#.#.#.#.#######
........#####.#.#............
#.#####.....#...##..#.#####..
.##.#...##...###.###.##.#...#
####..#.#.##.####.....#.#....
#.###...###.##.#..#..##.#..#.
##.#..###..#..##.#..##.#.##..
#...#..#.##.#..#####..#.#.#.#
###..####.###........#....#..
.#..#..#...##.#.#.#..#.#...#.
.##..######.#...##..##....#..
#..###..#.#..###...#.##.###.#
#.#...##...#.######...##.##..
#.#.#..#####.#.#.....####..#.
#.#...##.##.#.##.########.###
........#......######...#####
#######..#.##....#.##.#.###..
#.....#.#.#.#.#.#...#...#..##
#.###.#.##.#.....##.#######.#
#.###.#.#.#.####....##.#.....
#.###.#.#########.#.#.#.##.#.
#.....#...#.#...#..###.....#.
#######.#######..##.....###..
)";

// the same for kUtf8Text (36 bytes of UTF-8): version 3, mask 3.
constexpr std::string_view kUtf8 = R"(
#######.##.###.#..#.#.#######
#.....#.#..#.#..#..#..#.....#
#.###.#..#.#...######.#.###.#
#.###.#.#.....#####.#.#.###.#
#.###.#....#..#....#..#.###.#
#.....#..#...#.##..##.#.....#
#######.#.#.#.#.#.#.#.#######
........##.#....###.#........
#.##.###.##.##.#.#.##.#..#.##
....##..#..#####.#..#########
#.....#.#...##.#..#...##..##.
#.#..#.#..##...##.#.####...##
...####...###.##.####..#..#..
..#.#...#.....####.##.#..#..#
....#.#.....##.##....#.###.##
#...##.#..#...##.###..#.##...
...#..#.#.#.#.#...#.##..#..#.
.#..#...#..##.####.##..#...#.
#..#..##.#.#.####.##..####...
....#...##.######...#.#...##.
.###.##....#.#####.########.#
........#...#..#....#...#....
#######.##.#..###..##.#.#.##.
#.....#.##.####..####...#...#
#.###.#.....#..####.#######..
#.###.#.####.......#...##.#.#
#.###.#.##..####.#..#..#....#
#.....#..##...########.###.#.
#######.#.####....#.#....#.#.
)";

// the same for kLongUrlText (109 bytes): version 7, with version information; mask 2.
constexpr std::string_view kLongUrl = R"(
#######........###.#.#...#...##.#...#.#######
#.....#..######.##.#.#####..#..###.#..#.....#
#.###.#.###.#..##........##...####.#..#.###.#
#.###.#.#.#.#####.#.###.#.#..#.....##.#.###.#
#.###.#.#..##...##.########...#.#.###.#.###.#
#.....#.##.#..##..#.#...#...#.........#.....#
#######.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#######
........#..##.#######...######..##..#........
#.#####..###.#.##.#######......#.#....#####..
...#...#.#.###.#######..##.#.###...##...##.##
......#.#.######.#...#.#..##.#..########.#.#.
.##..#.#.#.###....###....##...###..###.##.#..
##...###.##....#.##.####.###..##.......#.#..#
#.####..#.##...#...###.#.#....#....##..######
.####.##.##.####..#.#..#####.#.#..#..##.#.##.
....##....#.#..##..#.#.########.#.#.##.#####.
####..#########...###..#.##..##....#.#.....#.
.....#..##......#..#...#.#.#.#####.###...####
####.##..###.#.###.##.###.#..#....##..#.#.##.
##..##.###...#######.#.##..###.##..#.##.####.
...######..#.##..#########...#...#########.#.
.##.#...#....###....#...#..#..##...##...###.#
.####.#.##....####.##.#.##...#.######.#.#.#..
#.#.#...#.#.#..#...##...##..###.#.#.#...#####
.#.######..#.#...#..######....##..########...
..#.##.##...##.##.#######.....#.#....#.#..#.#
###.#.#.#.#..#.##....#.#..#.#....##..#..####.
..#..#.#...###..###...###..#..####.#.###..##.
.#.#####.....####...#..#.##.#..#..#...#.##.##
...#....#..#....###..###.#.##.#.....#.#..#.##
#.##.####..#.....#..##.##.#.##.##.##...#.###.
#..#.#..####.#.####.....#...#..##.##..##.###.
.##########...##.#.....####...##.....#.####..
.###...#.#.##.#.##.####.##...##....#.#...####
....#.#.....#.......#.#...#....##.###....###.
.####...###....#..#..######.##..#..##.#.###.#
#..##.##.####..##########.#..#......#####..#.
........##....###..##...###..###...##...#####
#######..##.....##.##.#.#....#..#.###.#.#.##.
#.....#.##.###.#..#.#...#########.###...###..
#.###.#.#.#..##.###.#####.#....#.#.#######.##
#.###.#.##.#...#...#..####...##....#.#.##.#.#
#.###.#.####.##.##.#.#..#.##.#...####......#.
#.....#....#.#.#...##.##.###.##.#..#.#..#.#..
#######.###..#..####..######.###....#.#.##.#.
)";

// qrencode -8 -l H -t ASCII -m 0 42: version 1, mask 3.
constexpr std::string_view kFortyTwoH = R"(
#######..##.#.#######
#.....#...#...#.....#
#.###.#..#..#.#.###.#
#.###.#....#..#.###.#
#.###.#.#.##..#.###.#
#.....#..####.#.....#
#######.#.#.#.#######
........####.........
..##..####.####.#....
.##.....#......#..###
.###..#....##..####.#
.##.##.#....##.....#.
#..#.##....#....#.##.
........#.#.####..##.
#######.#.##..#.#.##.
#.....#..#..#.#..#..#
#.###.#..##.#....#..#
#.###.#.#..#.#..#..#.
#.###.#.##..##..###..
#.....#...##....##..#
#######..#...###.#...
)";

constexpr std::string_view kUtf8Text = "Quelle question ? \u00bfQu\u00e9? \u8cea\u554f \u2713";
constexpr std::string_view kLongUrlText =
    "https://polls.example.org/polls/12345/results/"
    "?utm_source=qr&utm_medium=print&utm_campaign=autumn-survey-2025";

}  // namespace

TEST_CASE("encode draws the same symbols as qrencode") {
  SUBCASE("version 1") {
    const Matrix matrix = encode("Django polls");
    CHECK(matrix.version() == 1);
    CHECK(matrix.mask() == 7);
    CHECK(picture(matrix) == kDjangoPolls);
  }
  SUBCASE("a question's URL, version 3") {
    const Matrix matrix = encode("http://127.0.0.1:8000/polls/1/");
    CHECK(matrix.version() == 3);
    CHECK(picture(matrix) == kLocalUrl);
  }
  SUBCASE("UTF-8 bytes") {
    REQUIRE(kUtf8Text.size() == 36);
    const Matrix matrix = encode(kUtf8Text);
    CHECK(matrix.mask() == 3);
    CHECK(picture(matrix) == kUtf8);
  }
  SUBCASE("version 7, the first with version information") {
    REQUIRE(kLongUrlText.size() == 109);
    const Matrix matrix = encode(kLongUrlText);
    CHECK(matrix.version() == 7);
    CHECK(matrix.size() == 45);
    CHECK(picture(matrix) == kLongUrl);
  }
  SUBCASE("level H") {
    const Matrix matrix = encode("42", Ecc::H);
    CHECK(matrix.ecc() == Ecc::H);
    CHECK(picture(matrix) == kFortyTwoH);
  }
}

TEST_CASE("encode keeps the mask of lowest penalty, or the one it is given") {
  for (const std::string_view text : {std::string_view("Django polls"), kUtf8Text, kLongUrlText}) {
    const Matrix chosen = encode(text);
    for (int mask = 0; mask < 8; ++mask) {
      const Matrix forced = encode(text, Ecc::M, mask);
      CHECK(forced.mask() == mask);
      CHECK(penalty(chosen) <= penalty(forced));
      if (mask == chosen.mask()) CHECK(forced == chosen);
    }
  }
  CHECK_THROWS_AS(encode("x", Ecc::M, 8), std::invalid_argument);
  CHECK_THROWS_AS(encode("x", Ecc::M, -1), std::invalid_argument);
}

TEST_CASE("reed_solomon gives the error correction of published examples") {
  // ISO/IEC 18004, Annex I: "01234567" in numeric mode, version 1-M.
  const std::vector<std::uint8_t> numeric = {0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11,
                                             0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11};
  CHECK(reed_solomon(numeric, 10) ==
        std::vector<std::uint8_t>{0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55});
  // "HELLO WORLD" in alphanumeric mode, version 1-M (Thonky's QR code tutorial).
  const std::vector<std::uint8_t> hello = {32, 91, 11,  120, 209, 114, 220, 77,
                                           67, 64, 236, 17,  236, 17,  236, 17};
  CHECK(reed_solomon(hello, 10) ==
        std::vector<std::uint8_t>{196, 35, 39, 119, 235, 215, 231, 226, 93, 23});
  CHECK_THROWS_AS(reed_solomon(hello, 0), std::invalid_argument);
}

TEST_CASE("format and version bits are the standard's") {
  // Annex C, Table C.1.
  CHECK(format_bits(Ecc::M, 0) == 0b101010000010010);
  CHECK(format_bits(Ecc::M, 5) == 0b100000011001110);
  CHECK(format_bits(Ecc::L, 0) == 0b111011111000100);
  CHECK(format_bits(Ecc::L, 7) == 0b110100101110110);
  CHECK(format_bits(Ecc::Q, 0) == 0b011010101011111);
  CHECK(format_bits(Ecc::H, 7) == 0b000100000111011);
  CHECK_THROWS_AS(format_bits(Ecc::M, 8), std::invalid_argument);
  // Annex D, Table D.1.
  CHECK(version_bits(7) == 0x07C94);
  CHECK(version_bits(8) == 0x085BC);
  CHECK(version_bits(40) == 0x28C69);
  CHECK_THROWS_AS(version_bits(6), std::invalid_argument);
}

TEST_CASE("byte capacities are those of Table 7") {
  CHECK(byte_capacity(1, Ecc::L) == 17);
  CHECK(byte_capacity(1, Ecc::M) == 14);
  CHECK(byte_capacity(1, Ecc::Q) == 11);
  CHECK(byte_capacity(1, Ecc::H) == 7);
  CHECK(byte_capacity(10, Ecc::M) == 213);  // the first with a 16-bit length
  CHECK(byte_capacity(40, Ecc::L) == 2953);
  CHECK(byte_capacity(40, Ecc::M) == 2331);
  CHECK(byte_capacity(40, Ecc::Q) == 1663);
  CHECK(byte_capacity(40, Ecc::H) == 1273);
  CHECK_THROWS_AS(byte_capacity(0, Ecc::M), std::invalid_argument);
  CHECK_THROWS_AS(byte_capacity(41, Ecc::M), std::invalid_argument);
}

TEST_CASE("encode picks the smallest version that holds the bytes") {
  CHECK(encode("").version() == 1);
  for (const Ecc ecc : {Ecc::L, Ecc::M, Ecc::Q, Ecc::H}) {
    for (int version = 1; version < 40; ++version) {
      const auto fits = static_cast<std::size_t>(byte_capacity(version, ecc));
      // A forced mask spares the penalty of 8 candidates: the version is known before.
      CHECK(encode(std::string(fits, 'a'), ecc, 0).version() == version);
      CHECK(encode(std::string(fits + 1, 'a'), ecc, 0).version() == version + 1);
    }
  }
}

TEST_CASE("encode refuses more than version 40 holds, saying how much it holds") {
  CHECK(encode(std::string(2331, 'a')).version() == 40);
  CHECK_THROWS_WITH_AS(encode(std::string(2332, 'a')),
                       "QR code: 2332 bytes exceed the 2331 that the largest symbol (version 40) "
                       "holds at level M",
                       std::length_error);
  CHECK_THROWS_AS(encode(std::string(2954, 'a'), Ecc::L), std::length_error);
}

TEST_CASE("every version leaves room for exactly its codewords and remainder bits") {
  using polls::text::qr::detail::Grid;
  using polls::text::qr::detail::total_codewords;
  for (int version = 1; version <= 40; ++version) {
    // Table 1's remainder bits.
    const int remainder = version == 1    ? 0
                          : version <= 6  ? 7
                          : version <= 13 ? 0
                          : version <= 20 ? 3
                          : version <= 27 ? 4
                          : version <= 34 ? 3
                                          : 0;
    CAPTURE(version);
    CHECK(Grid(version).data_modules() == total_codewords(version) * 8 + remainder);
  }
}

TEST_CASE("alignment patterns stand where Annex E puts them") {
  using polls::text::qr::detail::alignment_centres;
  CHECK(alignment_centres(1).empty());
  CHECK(alignment_centres(2) == std::vector<int>{6, 18});
  CHECK(alignment_centres(7) == std::vector<int>{6, 22, 38});
  CHECK(alignment_centres(32) == std::vector<int>{6, 34, 60, 86, 112, 138});
  CHECK(alignment_centres(40) == std::vector<int>{6, 30, 58, 86, 114, 142, 170});
}

TEST_CASE("a matrix is light outside its modules") {
  const Matrix matrix = encode("Django polls");
  CHECK(matrix.dark(0, 0));  // a finder's corner
  CHECK_FALSE(matrix.dark(-1, 0));
  CHECK_FALSE(matrix.dark(0, matrix.size()));
  CHECK_THROWS_AS(Matrix(1, Ecc::M, 0, std::vector<std::uint8_t>(20)), std::invalid_argument);
}
