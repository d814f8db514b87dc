// Errors a view throws where it learns the fact; the server turns each into a status in one place
// (server.cpp's exception handler).
#pragma once

#include <stdexcept>

namespace polls::http {

class NotFound : public std::runtime_error {
 public:
  NotFound() : std::runtime_error("not found") {}
};

class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace polls::http
