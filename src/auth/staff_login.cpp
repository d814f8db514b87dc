// See staff_login.hpp.
#include "auth/staff_login.hpp"

#include "security/password.hpp"

namespace polls::auth {

StaffLogin check_staff_login(db::Database& database, std::string_view username,
                             std::string_view password, int iterations) {
  const bool plausible = username.size() <= 150 && username.find('\0') == std::string_view::npos;
  auto user = plausible ? UsersRepository(database).find_by_username(username) : std::nullopt;
  if (!user) {
    // As long as a wrong password for a real user.
    (void)security::burn_password_time(password, iterations);
    return {};
  }
  const security::PasswordCheck check =
      security::verify_password(password, user->password_hash, iterations);
  if (!check.ok || !user->is_active || !user->is_staff) return {};
  return {std::move(user), check.needs_upgrade};
}

}  // namespace polls::auth
