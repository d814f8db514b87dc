// Password prompts without echo: see terminal.hpp.
#include "cli/terminal.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>

namespace polls::cli {

namespace {

// The terminal whose echo is off, for the signal handler to restore.
volatile sig_atomic_t g_echo_fd = -1;
termios g_saved;

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void restore_and_reraise(int signal) {
  if (g_echo_fd >= 0) tcsetattr(g_echo_fd, TCSAFLUSH, &g_saved);
  if (g_echo_fd >= 0) (void)!write(g_echo_fd, "\n", 1);
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::optional<std::string> read_secret(int in_fd, int out_fd, std::string_view prompt) {
  termios saved{};
  const bool terminal = isatty(in_fd) && tcgetattr(in_fd, &saved) == 0;
  struct sigaction previous[std::size(kSignals)] = {};
  if (terminal) {
    g_saved = saved;
    struct sigaction action = {};
    action.sa_handler = restore_and_reraise;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(kSignals); ++i)
      sigaction(kSignals[i], &action, &previous[i]);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the newline the user types still ends the line on screen
    g_echo_fd = in_fd;
    tcsetattr(in_fd, TCSAFLUSH, &quiet);
  }
  write_all(out_fd, prompt);
  std::string line;
  bool ended = false;
  bool got_any = false;
  for (;;) {
    char c = 0;
    const ssize_t n = ::read(in_fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got_any = true;
    if (c == '\n') {
      ended = true;
      break;
    }
    line += c;
  }
  if (terminal) {
    tcsetattr(in_fd, TCSAFLUSH, &saved);
    g_echo_fd = -1;
    for (std::size_t i = 0; i < std::size(kSignals); ++i)
      sigaction(kSignals[i], &previous[i], nullptr);
    if (!ended) write_all(out_fd, "\n");
  }
  if (!ended && !got_any) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> read_password(std::string_view prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  auto result = read_secret(fd, fd, prompt);
  ::close(fd);
  return result;
}

}  // namespace polls::cli
