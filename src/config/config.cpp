// Helpers for the types in config.hpp.
#include "config/config.hpp"

namespace polls::config {

std::string to_string(const Source& source) {
  switch (source.kind) {
    case Source::Default:
      return "default";
    case Source::File:
      return "file " + source.detail;
    case Source::Environment:
      return "env " + source.detail;
    case Source::Flag:
      return "flag " + source.detail;
  }
  return source.detail;
}

}  // namespace polls::config
