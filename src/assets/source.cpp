// Reading assets from the embedded table or from a folder.
#include "assets/source.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "assets/embedded.hpp"

namespace polls::assets {

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part == ".." || part == "." || part.empty()) return false;
    start = end + 1;
  }
  return true;
}

AssetSource::AssetSource(std::string folder) : folder_(std::move(folder)) {}

std::optional<std::string> AssetSource::read(std::string_view path) const {
  if (!is_safe_relative_path(path)) return std::nullopt;
  if (!from_disk()) {
    const auto data = find_embedded(path);
    if (!data || path.starts_with("zoneinfo/")) return std::nullopt;
    return std::string(*data);
  }
  const std::filesystem::path file = std::filesystem::path(folder_) / std::string(path);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::string> AssetSource::list(std::string_view prefix) const {
  std::vector<std::string> paths;
  if (!from_disk()) {
    for (const auto& file : embedded_files()) {
      if (file.path.starts_with(prefix)) paths.emplace_back(file.path);
    }
    return paths;
  }
  const std::filesystem::path root(folder_);
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root / std::string(prefix), ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file())
      paths.push_back(std::filesystem::relative(it->path(), root).string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace polls::assets
