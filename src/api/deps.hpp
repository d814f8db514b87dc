// What the JSON API reads: the polls app's own Deps (its database, clock and time zone, and the
// voter options that tell whether this request has voted), so that the API and the pages decide
// results visibility from the same inputs. The site builds it once for both.
#pragma once

#include "polls/deps.hpp"

namespace polls::api {

using Deps = polls_app::Deps;

}  // namespace polls::api
