// Django's authenticate() as the admin's login form uses it: a username and a password to an
// active staff user, taking as long for an unknown username as for a wrong password.
#pragma once

#include <optional>
#include <string_view>

#include "auth/users_repository.hpp"
#include "db/database.hpp"

namespace polls::auth {

struct StaffLogin {
  std::optional<User> user;    // set when the password is right and the user active staff
  bool needs_upgrade = false;  // the stored hash has fewer iterations than `iterations`
};

// The active staff user whose password this is, if any. A username no account can have (longer
// than 150 bytes, or with a NUL byte, which PostgreSQL refuses) is not looked up, but costs the
// same time.
StaffLogin check_staff_login(db::Database& database, std::string_view username,
                             std::string_view password, int iterations);

}  // namespace polls::auth
