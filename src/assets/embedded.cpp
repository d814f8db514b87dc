// Lookup in the generated, sorted table of embedded files.
#include "assets/embedded.hpp"

#include <algorithm>

namespace polls::assets {

std::optional<std::string_view> find_embedded(std::string_view path) {
  const auto files = embedded_files();
  const auto it =
      std::lower_bound(files.begin(), files.end(), path,
                       [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->data;
}

}  // namespace polls::assets
