// `polls createsuperuser` and `polls changepassword`, as Django's management commands.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>

#include "admin/users.hpp"
#include "cli/commands.hpp"
#include "cli/runtime.hpp"
#include "cli/terminal.hpp"
#include "db/errors.hpp"
#include "db/migrations.hpp"
#include "security/password.hpp"

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

// Opens the configured database and applies the migrations, as serve does, so auth_user exists.
std::unique_ptr<db::Database> open_migrated(const config::Config& config, const ops::Logger& log) {
  auto database = open_database(config, log);
  const auto report = db::migrate(*database, db::embedded_migrations(database->dialect()));
  for (const auto& name : report.applied) log.info("migration applied", {{"name", name}});
  for (const auto& name : report.adopted)
    log.info("migration adopted from Django", {{"name", name}});
  return database;
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

}  // namespace

int run_createsuperuser(const Args& args) {
  const auto username_option = args.options.find("--username");
  if (username_option == args.options.end()) {
    throw UsageError(
        "polls createsuperuser needs --username NAME (see polls createsuperuser --help)");
  }
  const std::string username = username_option->second;
  const auto email_option = args.options.find("--email");
  const std::string email = email_option == args.options.end() ? "" : email_option->second;
  const bool no_input = has_switch(args, "--no-input");

  if (username.empty()) {
    std::cerr << "Error: This field cannot be blank.\n";
    return kExitFailure;
  }
  if (username.size() > 150) {
    std::cerr << "Error: Ensure this value has at most 150 characters (it has " << username.size()
              << ").\n";
    return kExitFailure;
  }
  if (!admin::valid_username(username)) {
    std::cerr << "Error: Enter a valid username. This value may contain only letters, numbers, "
                 "and @/./+/-/_ characters.\n";
    return kExitFailure;
  }
  if (!email.empty() &&
      (email.find('@') == std::string::npos || email.front() == '@' || email.back() == '@' ||
       email.find_first_of(" \t\r\n") != std::string::npos)) {
    std::cerr << "Error: Enter a valid email address.\n";
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
    admin::UsersRepository users(database);
    if (users.find_by_username(username)) {
      std::cerr << "Error: That username is already taken.\n";
      return kExitFailure;
    }
    std::string password;
    if (no_input) {
      password = *env_password;
      if (password.empty()) {
        std::cerr << "Error: Blank passwords aren't allowed.\n";
        return kExitFailure;
      }
      if (const auto problem = security::password_problem(password, username)) {
        std::cerr << *problem << "\n";
        return kExitFailure;
      }
    } else {
      for (;;) {
        const Prompted prompted = prompt_twice(password);
        if (prompted == Prompted::Cancelled) {
          std::cerr << "\nOperation cancelled.\n";
          return kExitFailure;
        }
        if (prompted == Prompted::Mismatch) {
          std::cerr << "Error: Your passwords didn't match.\n";
          continue;
        }
        if (password.empty()) {
          std::cerr << "Error: Blank passwords aren't allowed.\n";
          continue;
        }
        if (const auto problem = security::password_problem(password, username)) {
          std::cerr << *problem << "\n";
          continue;
        }
        break;
      }
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    try {
      users.create_superuser(username, email, security::hash_password(password), now);
    } catch (const admin::UsernameTaken& e) {
      std::cerr << "Error: " << e.what() << "\n";
      return kExitFailure;
    }
    std::cout << "Superuser created successfully.\n";
    return kExitOk;
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
    admin::UsersRepository users(database);
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
    std::string password;
    if (no_input) {
      password = *env_password;
      if (const auto problem = security::password_problem(password, username)) {
        std::cerr << *problem << "\n";
        std::cerr << "Error: password not changed for user '" << username << "'\n";
        return kExitFailure;
      }
    } else {
      int attempts = 0;
      bool accepted = false;
      while (!accepted && attempts < kChangePasswordTries) {
        const Prompted prompted = prompt_twice(password);
        if (prompted == Prompted::Cancelled) {
          std::cerr << "\nOperation cancelled.\n";
          return kExitFailure;
        }
        ++attempts;
        if (prompted == Prompted::Mismatch) {
          std::cout << "Passwords do not match. Please try again." << std::endl;
          continue;
        }
        if (const auto problem = security::password_problem(password, username)) {
          std::cerr << *problem << std::endl;
          continue;
        }
        accepted = true;
      }
      if (!accepted) {
        std::cerr << "Error: Aborting password change for user '" << username << "' after "
                  << attempts << " attempts\n";
        return kExitFailure;
      }
    }
    if (!users.set_password(user->id, security::hash_password(password))) {
      std::cerr << "Error: user '" << username << "' does not exist\n";
      return kExitFailure;
    }
    std::cout << "Password changed successfully for user '" << username << "'\n";
    return kExitOk;
  });
}

}  // namespace polls::cli
