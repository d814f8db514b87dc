// PostgreSQL's change listener (change_listener.hpp): LISTEN on a channel, on a connection of
// its own whose socket the caller waits on. When the connection is lost (a restart, a failover),
// it reconnects with a growing pause (up to 5 s), listens again, and reports a gap, since what
// was notified meanwhile is lost.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "db/change_listener.hpp"
#include "db/postgres_session.hpp"

namespace polls::db {

class PostgresChangeListener final : public ChangeListener {
 public:
  // `channel`: a plain identifier (letters, digits, underscores). Connects on the first check.
  PostgresChangeListener(PostgresConnectOptions options, std::string channel);

  int descriptor() const override { return session_ ? session_->socket() : -1; }
  std::chrono::milliseconds poll_interval() const override;
  Heard check() override;

 private:
  void connect(Heard& heard);

  const PostgresConnectOptions options_;
  const std::string channel_;
  std::unique_ptr<PostgresSession> session_;
  std::chrono::steady_clock::time_point next_attempt_{};
  std::chrono::milliseconds pause_{250};
  bool ever_connected_ = false;
  bool failing_ = false;
};

}  // namespace polls::db
