// `polls createsuperuser` and `polls changepassword`, as Django's management commands.
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <iostream>

#include "auth/users_repository.hpp"
#include "cli/commands.hpp"
#include "cli/runtime.hpp"
#include "cli/terminal.hpp"
#include "db/errors.hpp"
#include "security/password.hpp"
#include "web/clock.hpp"

namespace polls::cli {

namespace {

constexpr const char* kPasswordVariable = "POLLS_SUPERUSER_PASSWORD";
constexpr int kChangePasswordTries = 3;  // Django's changepassword MAX_TRIES

bool has_switch(const Args& args, std::string_view name) {
  for (const auto& s : args.switches) {
    if (s == name) return true;
  }
  return false;
}

// Runs a command body with the database open, turning database failures into exit codes.
int with_database(const Args& args, std::string_view command,
                  const std::function<int(db::Database&)>& body) {
  const config::LoadedConfig loaded = load_config(args);
  const ops::Logger log = make_logger(loaded.config);
  try {
    auto database = open_migrated(loaded.config, log);
    return body(*database);
  } catch (const db::Misconfigured& e) {
    log.error(std::string(command) + " failed: the database configuration is wrong",
              {{"error", e.what()}});
    return kExitConfig;
  } catch (const db::Error& e) {
    log.error(std::string(command) + " failed: database error", {{"error", e.what()}});
    return kExitFailure;
  }
}

// The password from the environment for --no-input; nullopt (with a message) if unset.
std::optional<std::string> password_from_environment(std::string_view command) {
  const char* value = std::getenv(kPasswordVariable);
  if (!value) {
    std::cerr << "polls: " << command << " --no-input reads the password from $"
              << kPasswordVariable << ", which is not set\n";
    return std::nullopt;
  }
  return std::string(value);
}

bool stdin_is_terminal() { return isatty(STDIN_FILENO) == 1; }

void print_not_a_terminal(std::string_view command) {
  std::cerr << "polls: " << command
            << " asks for the password on a terminal, and stdin is not one; use --no-input "
               "with the password in $"
            << kPasswordVariable << "\n";
}

enum class Prompted { Ok, Mismatch, Cancelled };

// Asks for the password twice, as Django does; Cancelled at end of input or with no terminal.
Prompted prompt_twice(std::string& password) {
  const auto first = read_password("Password: ");
  if (!first) return Prompted::Cancelled;
  const auto second = read_password("Password (again): ");
  if (!second) return Prompted::Cancelled;
  if (*first != *second) return Prompted::Mismatch;
  password = *first;
  return Prompted::Ok;
}

// Django's createsuperuser checks of the username and email; the error to print, if any.
std::optional<std::string> account_problem(const std::string& username, const std::string& email) {
  if (username.empty()) return "Error: This field cannot be blank.";
  if (username.size() > 150) {
    return "Error: Ensure this value has at most 150 characters (it has " +
           std::to_string(username.size()) + ").";
  }
  if (!auth::valid_username(username)) {
    return "Error: Enter a valid username. This value may contain only letters, numbers, and "
           "@/./+/-/_ characters.";
  }
  if (!email.empty() &&
      (email.find('@') == std::string::npos || email.front() == '@' || email.back() == '@' ||
       email.find_first_of(" \t\r\n") != std::string::npos)) {
    return "Error: Enter a valid email address.";
  }
  return std::nullopt;
}

// Why a new superuser's password is refused, as Django's createsuperuser says it; nullopt if
// it is accepted.
std::optional<std::string> new_password_problem(const std::string& password,
                                                const std::string& username) {
  if (password.empty()) return "Error: Blank passwords aren't allowed.";
  return security::password_problem(password, username);
}

// Asks on the terminal until the password is typed twice alike and accepted; nullopt when the
// user cancels (end of input).
std::optional<std::string> prompt_new_superuser_password(const std::string& username) {
  std::string password;
  for (;;) {
    const Prompted prompted = prompt_twice(password);
    if (prompted == Prompted::Cancelled) {
      std::cerr << "\nOperation cancelled.\n";
      return std::nullopt;
    }
    if (prompted == Prompted::Mismatch) {
      std::cerr << "Error: Your passwords didn't match.\n";
    } else if (const auto problem = new_password_problem(password, username)) {
      std::cerr << *problem << "\n";
    } else {
      return password;
    }
  }
}

// changepassword's prompt: kChangePasswordTries attempts at a matching, accepted password;
// nullopt (with Django's message) when cancelled or out of attempts.
std::optional<std::string> prompt_changed_password(const std::string& username) {
  std::string password;
  for (int attempts = 1; attempts <= kChangePasswordTries; ++attempts) {
    const Prompted prompted = prompt_twice(password);
    if (prompted == Prompted::Cancelled) {
      std::cerr << "\nOperation cancelled.\n";
      return std::nullopt;
    }
    if (prompted == Prompted::Mismatch) {
      std::cout << "Passwords do not match. Please try again." << std::endl;
    } else if (const auto problem = security::password_problem(password, username)) {
      std::cerr << *problem << std::endl;
    } else {
      return password;
    }
  }
  std::cerr << "Error: Aborting password change for user '" << username << "' after "
            << kChangePasswordTries << " attempts\n";
  return std::nullopt;
}

std::string option_or_empty(const Args& args, const std::string& name) {
  const auto found = args.options.find(name);
  return found == args.options.end() ? "" : found->second;
}

// Stores the new superuser; the exit code.
int create_superuser(auth::UsersRepository& users, const std::string& username,
                     const std::string& email, const std::string& password) {
  try {
    users.create_superuser(username, email, security::hash_password(password), web::system_now());
  } catch (const auth::UsernameTaken& e) {
    std::cerr << "Error: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cout << "Superuser created successfully.\n";
  return kExitOk;
}

}  // namespace

int run_createsuperuser(const Args& args) {
  if (!args.options.contains("--username")) {
    throw UsageError(
        "polls createsuperuser needs --username NAME (see polls createsuperuser --help)");
  }
  const std::string username = option_or_empty(args, "--username");
  const std::string email = option_or_empty(args, "--email");
  const bool no_input = has_switch(args, "--no-input");
  if (const auto problem = account_problem(username, email)) {
    std::cerr << *problem << "\n";
    return kExitFailure;
  }
  std::optional<std::string> env_password;
  if (no_input) {
    env_password = password_from_environment("createsuperuser");
    if (!env_password) return kExitConfig;
  } else if (!stdin_is_terminal()) {
    print_not_a_terminal("createsuperuser");
    return kExitConfig;
  }

  return with_database(args, "createsuperuser", [&](db::Database& database) {
    auth::UsersRepository users(database);
    if (users.find_by_username(username)) {
      std::cerr << "Error: That username is already taken.\n";
      return kExitFailure;
    }
    if (no_input) {
      if (const auto problem = new_password_problem(*env_password, username)) {
        std::cerr << *problem << "\n";
        return kExitFailure;
      }
      return create_superuser(users, username, email, *env_password);
    }
    const auto password = prompt_new_superuser_password(username);
    if (!password) return kExitFailure;
    return create_superuser(users, username, email, *password);
  });
}

int run_changepassword(const Args& args) {
  const std::string& username = args.positionals.at(0);
  const bool no_input = has_switch(args, "--no-input");
  std::optional<std::string> env_password;
  if (no_input) {
    env_password = password_from_environment("changepassword");
    if (!env_password) return kExitConfig;
  }

  return with_database(args, "changepassword", [&](db::Database& database) {
    auth::UsersRepository users(database);
    const auto user = users.find_by_username(username);
    if (!user) {
      std::cerr << "Error: user '" << username << "' does not exist\n";
      return kExitFailure;
    }
    if (!no_input && !stdin_is_terminal()) {
      print_not_a_terminal("changepassword");
      return kExitConfig;
    }
    std::cout << "Changing password for user '" << username << "'" << std::endl;
    std::optional<std::string> password = env_password;
    if (no_input) {
      if (const auto problem = security::password_problem(*password, username)) {
        std::cerr << *problem << "\n";
        std::cerr << "Error: password not changed for user '" << username << "'\n";
        return kExitFailure;
      }
    } else {
      password = prompt_changed_password(username);
      if (!password) return kExitFailure;
    }
    if (!users.set_password(user->id, security::hash_password(*password))) {
      std::cerr << "Error: user '" << username << "' does not exist\n";
      return kExitFailure;
    }
    std::cout << "Password changed successfully for user '" << username << "'\n";
    return kExitOk;
  });
}

}  // namespace polls::cli
