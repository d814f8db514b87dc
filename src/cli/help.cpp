// Help and version texts, generated from the command and config key tables so they stay true.
#include "cli/help.hpp"

#include <httplib.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <openssl/opensslv.h>

#include "cli/commands.hpp"
#include "config/describe.hpp"
#include "config/keys.hpp"
#include "ops/build_info.hpp"

namespace polls::cli {

namespace {

// PQlibVersion() is 150018 for 15.18 (major * 10000 + minor since PostgreSQL 10).
std::string libpq_version() {
  const int version = PQlibVersion();
  return std::to_string(version / 10000) + "." + std::to_string(version % 10000);
}

}  // namespace

std::string version_text() {
  return "polls " + std::string(build_info::kVersion) + " (commit " +
         std::string(build_info::git_commit()) + ")\n" + "cpp-httplib " + CPPHTTPLIB_VERSION +
         ", SQLite " + sqlite3_libversion() + ", libpq " + libpq_version() + ", " +
         OPENSSL_VERSION_TEXT + "\n";
}

std::string general_help() {
  std::string text =
      "polls: the Django tutorial's polls site as one self-contained executable.\n\n"
      "Usage: polls [COMMAND] [OPTIONS]\n\nCommands:\n";
  for (const auto& c : commands()) {
    text += "  " + std::string(c.name) +
            std::string(c.name.size() < 17 ? 17 - c.name.size() : 1, ' ') + std::string(c.summary) +
            "\n";
  }
  text +=
      "\nWith no command, polls serves (like `polls serve`).\n"
      "Run `polls COMMAND --help` for a command's options.\n\n"
      "Global options:\n"
      "  -h, --help       show help\n"
      "  -V, --version    show the version and the libraries built in\n";
  return text;
}

std::string command_help(std::string_view name) {
  const CommandInfo* command = find_command(name);
  if (!command) return general_help();
  std::string usage = "Usage: polls " + std::string(name);
  for (const auto& p : command->positionals) usage += " " + std::string(p);
  std::string text = usage + " [OPTIONS]\n\n" + std::string(command->summary) + ".\n";
  if (!command->notes.empty()) {
    text += "\n";
    for (const auto& line : command->notes) text += std::string(line) + "\n";
  }
  if (command->config_flags) {
    text +=
        "\nSettings come from defaults < a TOML file < the environment < these flags.\n"
        "The file is --config FILE, else $POLLS_CONFIG, else ./polls.toml if present.\n\n"
        "Options:\n"
        "  --config FILE          read settings from this TOML file\n";
    for (const auto& key : config::keys()) {
      if (key.flag.empty()) continue;
      std::string line = "  " + std::string(key.flag) + " VALUE";
      line.resize(std::max<std::size_t>(line.size() + 1, 25), ' ');
      text += line + std::string(key.doc) + "\n";
    }
    text +=
        "\nEvery setting, with its environment variable, default and what it does\n"
        "(`polls config` shows the values in effect and where each came from):\n";
    for (const auto& key : config::keys()) {
      std::string line = "  " + std::string(key.name);
      line.resize(std::max<std::size_t>(line.size() + 1, 30), ' ');
      std::string env;
      for (const auto& e : key.env) env += (env.empty() ? "" : ", ") + std::string(e);
      line += env;
      line.resize(std::max<std::size_t>(line.size() + 1, 68), ' ');
      text +=
          line + "default " + config::default_value(key) + "\n      " + std::string(key.doc) + "\n";
    }
  }
  text += "\nCommand options:\n";
  for (const auto& o : command->options) text += "  " + std::string(o) + " VALUE\n";
  for (const auto& s : command->switches) text += "  " + std::string(s) + "\n";
  text += "  -h, --help             show this help\n";
  return text;
}

}  // namespace polls::cli
