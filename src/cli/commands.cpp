// The command table: see commands.hpp.
#include "cli/commands.hpp"

namespace polls::cli {

const std::vector<CommandInfo>& commands() {
  static const std::vector<CommandInfo> kCommands = {
      {"serve", "serve the polls site (the default command)", run_serve, {}, {}, true},
      {"migrate", "apply database migrations and exit", run_migrate, {}, {}, true},
      {"config",
       "print the effective settings, their sources, secrets redacted",
       run_config,
       {},
       {},
       true},
      {"createsuperuser",
       "create an admin superuser (asks for the password twice)",
       run_createsuperuser,
       {"--username", "--email"},
       {"--no-input"},
       true,
       {},
       {"--username NAME is required. The password is asked for on the terminal, without echo;",
        "with --no-input it is read from $POLLS_SUPERUSER_PASSWORD instead. Unlike Django, a",
        "password the validators refuse cannot be used anyway (no bypass question)."}},
      {"changepassword",
       "change a user's password (asks for it twice, up to 3 attempts)",
       run_changepassword,
       {},
       {"--no-input"},
       true,
       {"USERNAME"},
       {"The password is asked for on the terminal, without echo; with --no-input it is read",
        "from $POLLS_SUPERUSER_PASSWORD instead. Passwords the validators refuse are not used."}},
      {"backup",
       "copy the SQLite database to FILE, consistently, while polls serves",
       run_backup,
       {},
       {},
       true,
       {"FILE"},
       {"One read transaction (VACUUM INTO), so the copy is a single moment and votes go on",
        "meanwhile; checked (PRAGMA quick_check), then renamed into place. FILE must not exist:",
        "nothing is overwritten. SQLite only (PostgreSQL: pg_dump). Exit 1 if the copy fails."}},
      {"healthcheck",
       "ask the running server at the listen address whether it is alive (or ready)",
       run_healthcheck,
       {},
       {"--ready"},
       true,
       {},
       {"GET /healthz (with --ready, /readyz) on the configured listen address (a wildcard",
        "address is probed on loopback), 2 s at most. Exit 0 on 200, 1 otherwise, with the",
        "reason on stderr (2 only for a configuration polls rejects). For a scratch",
        "container's HEALTHCHECK and Kubernetes exec probes."}},
  };
  return kCommands;
}

const CommandInfo* find_command(std::string_view name) {
  for (const auto& c : commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace polls::cli
