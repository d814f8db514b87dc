// text/qr_code read back by a real decoder: zbarimg (Debian's zbar-tools, which
// scripts/setup --test installs) scans each symbol drawn as a PBM image and must print exactly
// the bytes encoded. Missing zbarimg fails the test: a round trip not run is not a pass.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"
#include "text/qr_code.hpp"

using polls::text::qr::Ecc;
using polls::text::qr::encode;
using polls::text::qr::Matrix;

namespace {

constexpr int kPixelsPerModule = 3;
constexpr int kQuietZone = 4;

// The symbol and its quiet zone as a plain PBM (P1: '1' dark, '0' light, one row a line).
void write_pbm(const Matrix& matrix, const std::filesystem::path& path) {
  const int modules = matrix.size() + 2 * kQuietZone;
  const int side = modules * kPixelsPerModule;
  std::ofstream out(path);
  out << "P1\n" << side << ' ' << side << '\n';
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const bool dark = matrix.dark(x / kPixelsPerModule - kQuietZone,
                                    y / kPixelsPerModule - kQuietZone);  // light outside
      out << (dark ? '1' : '0');
    }
    out << '\n';
  }
  REQUIRE(out.good());
}

// What zbarimg prints for the image: the raw bytes of the symbols it found (-Sbinary: no
// character set guessed, no line break added), its errors after them; empty on failure.
std::string scan(const std::filesystem::path& image) {
  const std::string command =
      "zbarimg --raw --quiet --nodbus -Sbinary '" + image.string() + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  std::vector<char> buffer(4096);
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), got);
  const int status = pclose(pipe);
  CHECK_MESSAGE(status == 0, "zbarimg failed (exit status " << status << "): " << output);
  return output;
}

std::string random_bytes(std::size_t count) {
  std::mt19937 generator(18004);  // fixed: the same symbol every run
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(count, '\0');
  for (char& c : out) c = static_cast<char>(byte(generator));
  return out;
}

}  // namespace

TEST_CASE("zbarimg reads back exactly the bytes encode was given") {
  REQUIRE_MESSAGE(std::system("command -v zbarimg >/dev/null 2>&1") == 0,
                  "zbarimg is missing: scripts/setup --test installs zbar-tools");
  const polls::testing::TempDir dir("polls-qr");
  const std::string long_url = "http://127.0.0.1:8000/polls/1/?q=" + std::string(267, 'x');
  REQUIRE(long_url.size() == 300);
  std::string every_byte(256, '\0');
  for (int i = 0; i < 256; ++i) every_byte[static_cast<std::size_t>(i)] = static_cast<char>(i);
  const std::vector<std::pair<std::string, Ecc>> inputs = {
      {"Django polls", Ecc::M},
      {"http://127.0.0.1:8000/polls/1/", Ecc::M},
      {"Quelle question ? \u00bfQu\u00e9? \u8cea\u554f \u2713", Ecc::Q},
      {long_url, Ecc::M},
      {every_byte, Ecc::H},
      {random_bytes(2953), Ecc::L},  // version 40 at its fullest
      {random_bytes(2331), Ecc::M},
  };
  int n = 0;
  for (const auto& [bytes, ecc] : inputs) {
    const Matrix matrix = encode(bytes, ecc);
    CAPTURE(matrix.version());
    const auto image = dir / ("symbol-" + std::to_string(n++) + ".pbm");
    write_pbm(matrix, image);
    CHECK(scan(image) == bytes);
  }
}
