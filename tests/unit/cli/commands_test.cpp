// The command table that parsing, --help and dispatch read.
#include "cli/commands.hpp"

#include <doctest/doctest.h>

#include <set>

namespace polls::cli {
namespace {

TEST_CASE("every command has a name, a summary and a handler, and is found by its name") {
  std::set<std::string_view> names;
  for (const auto& command : commands()) {
    CAPTURE(command.name);
    CHECK_FALSE(command.name.empty());
    CHECK_FALSE(command.summary.empty());
    CHECK((command.run != nullptr));
    CHECK(find_command(command.name) == &command);
    CHECK(names.insert(command.name).second);
  }
  CHECK(find_command("nope") == nullptr);
  CHECK(find_command("") == nullptr);
}

TEST_CASE("the commands are the ones polls has always had, in --help's order") {
  std::vector<std::string_view> names;
  for (const auto& command : commands()) names.push_back(command.name);
  CHECK(names == std::vector<std::string_view>{"serve", "migrate", "config", "createsuperuser",
                                               "changepassword", "backup", "healthcheck"});
  CHECK((find_command("serve")->run == &run_serve));
  CHECK((find_command("healthcheck")->run == &run_healthcheck));
}

}  // namespace
}  // namespace polls::cli
