// The typed errors of the data layer; web/database_errors.cpp says which HTTP status each means.
#pragma once

#include <stdexcept>
#include <string>

namespace polls::db {

// Any database failure; carries the database's own message. Becomes a 500.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database refuses us for a reason that waiting will not fix: wrong credentials, an unknown
// database, role or host, a TLS certificate that does not verify, a malformed URL. At start this
// is a configuration error (exit 2); while serving it is a 503 like Unavailable.
class Misconfigured : public Error {
 public:
  using Error::Error;
};

// The database cannot answer now (locked past the busy timeout, I/O error, unreachable server).
// Becomes a 503: the request may succeed later.
class Unavailable : public Error {
 public:
  using Error::Error;
};

}  // namespace polls::db
