// See temp_dir.hpp.
#include "support/temp_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>

namespace polls::testing {

namespace {

bool keep_requested() {
  const char* keep = std::getenv("POLLS_TEST_KEEP");
  return keep != nullptr && std::string_view(keep) == "1";
}

}  // namespace

TempDir::TempDir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  if (keep_requested()) {
    std::cerr << "kept " << path_.string() << " (POLLS_TEST_KEEP=1)\n";
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace polls::testing
