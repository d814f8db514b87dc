// See postgres_change_listener.hpp.
#include "db/postgres_change_listener.hpp"

#include <algorithm>
#include <exception>

namespace polls::db {

namespace {
constexpr std::chrono::milliseconds kFirstPause{250};
constexpr std::chrono::milliseconds kLongestPause{5000};
}  // namespace

PostgresChangeListener::PostgresChangeListener(PostgresConnectOptions options, std::string channel)
    : options_(std::move(options)), channel_(std::move(channel)) {}

std::chrono::milliseconds PostgresChangeListener::poll_interval() const {
  // Connected, the socket wakes the caller (TCP keepalives end a connection whose server vanished
  // silently: postgres_session.cpp); the second's check costs nothing.
  if (session_) return std::chrono::milliseconds(1000);
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(next_attempt_ -
                                                                 std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

void PostgresChangeListener::connect(Heard& heard) {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_attempt_) return;
  try {
    auto session = std::make_unique<PostgresSession>(options_);
    session->execute_script("LISTEN " + channel_);
    session_ = std::move(session);
    pause_ = kFirstPause;
    // What was notified while no one listened (or before the first LISTEN, while the process
    // started) is unknown.
    heard.gap = true;
    heard.restored = failing_ || ever_connected_;
    ever_connected_ = true;
    failing_ = false;
  } catch (const std::exception& e) {
    if (!failing_) heard.lost = e.what();
    failing_ = true;
    next_attempt_ = now + pause_;
    pause_ = std::min(pause_ * 2, kLongestPause);
  }
}

ChangeListener::Heard PostgresChangeListener::check() {
  Heard heard;
  if (session_ && !session_->take_notifications(heard.payloads)) {
    session_.reset();
    heard.lost = "the connection listening for changes was lost";
    failing_ = true;
    next_attempt_ = std::chrono::steady_clock::now();  // at once: often it is back already
  }
  if (!session_) connect(heard);
  return heard;
}

}  // namespace polls::db
