// Reading a password on the terminal without echo, as Python's getpass (Django's prompts).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace polls::cli {

// Writes prompt to out_fd and reads one line from in_fd, with the terminal's echo turned off
// when in_fd is a terminal. The terminal settings are restored afterwards, also when SIGINT,
// SIGTERM or SIGHUP arrives meanwhile (then the signal is re-raised with its default action).
// The line without its newline; nullopt at end of input (Ctrl-D) or on a read error.
std::optional<std::string> read_secret(int in_fd, int out_fd, std::string_view prompt);

// read_secret on the controlling terminal (/dev/tty); nullopt if there is none.
std::optional<std::string> read_password(std::string_view prompt);

}  // namespace polls::cli
