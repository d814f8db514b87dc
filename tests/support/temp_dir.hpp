// The one way a C++ test gets a scratch folder: unique (mkdtemp under the system temp
// directory), removed with everything in it when the owner goes away. POLLS_TEST_KEEP=1 keeps it
// and says where on stderr, for a post-mortem (the black-box scripts honour the same variable).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace polls::testing {

class TempDir {
 public:
  // prefix names the folder ("polls-http" makes /tmp/polls-http-XXXXXX), so a kept one is found.
  explicit TempDir(std::string_view prefix = "polls-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace polls::testing
