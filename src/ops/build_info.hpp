// What was built: the version (from CMakeLists.txt) and the git commit, which is generated at
// build time (cmake/git_commit.cmake), so that it is never the stale commit of an older
// configure.
#pragma once

#include <string_view>

namespace polls::build_info {

constexpr std::string_view kVersion = POLLS_VERSION;

// The short commit id, "unknown" outside a git checkout without $POLLS_GIT_COMMIT.
std::string_view git_commit();

}  // namespace polls::build_info
