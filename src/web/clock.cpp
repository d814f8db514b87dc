// See clock.hpp.
#include "web/clock.hpp"

namespace polls::web {

db::Timestamp system_now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace polls::web
