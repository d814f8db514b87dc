// Where templates and static files come from: the copies embedded in the binary, or a folder on
// disk (`polls serve --assets-dir assets`) so templates and CSS can be edited live.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polls::assets {

class AssetSource {
 public:
  // An empty folder means the embedded assets.
  explicit AssetSource(std::string folder = {});

  bool from_disk() const { return !folder_.empty(); }
  const std::string& folder() const { return folder_; }

  // The file's bytes; nullopt if it does not exist. Paths are relative ("templates/base.html")
  // and may not climb out of the folder.
  std::optional<std::string> read(std::string_view path) const;

  // The relative paths of all files under a prefix ("templates/"), sorted.
  std::vector<std::string> list(std::string_view prefix) const;

 private:
  std::string folder_;
};

// Whether a relative asset path is safe to join to a folder: no "..", no absolute path, no NUL.
bool is_safe_relative_path(std::string_view path);

}  // namespace polls::assets
