// How a process hears of writes it did not make itself (another replica's, another process's on
// the same SQLite file), so that what it shows live can follow them. PostgreSQL: LISTEN on a
// channel that writers NOTIFY, on a connection of the listener's own that comes back after the
// server restarts. SQLite: PRAGMA data_version on a connection of its own, polled.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace polls::db {

class ChangeListener {
 public:
  struct Heard {
    std::vector<std::string> payloads;  // one per notification, in order
    // Something may have changed, and what is unknown (SQLite says only that the file changed).
    bool anything = false;
    // Notifications may have been missed (the listening connection was lost and is back):
    // whatever was shown before may be stale.
    bool gap = false;
    std::string lost;  // why the listening connection was lost or could not be made, once
    bool restored = false;  // listening again after a loss
  };

  virtual ~ChangeListener() = default;
  // A descriptor that becomes readable when check() has something to read; -1 when there is
  // none (not connected, or a backend that must be polled).
  virtual int descriptor() const = 0;
  // How long the caller may wait before it calls check() again without the descriptor waking it.
  virtual std::chrono::milliseconds poll_interval() const = 0;
  // Reads what arrived, without waiting for more; reconnects when it is due. Never throws.
  virtual Heard check() = 0;
};

}  // namespace polls::db
