// Errors a view throws where it learns the fact; the server turns each into a status in one place
// (middleware.hpp's MapExceptions).
#pragma once

#include <stdexcept>

namespace polls::http {

class NotFound : public std::runtime_error {
 public:
  NotFound() : std::runtime_error("not found") {}
};

// The user is known but may not do this (an admin page without the permission).
class Forbidden : public std::runtime_error {
 public:
  Forbidden() : std::runtime_error("forbidden") {}
};

class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace polls::http
