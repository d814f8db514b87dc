// The publisher behind the live results pages: it hears that a question's counts changed (a vote
// here, a NOTIFY from another replica, a write by another process on the same SQLite file),
// coalesces what it hears (coalescer.hpp), loads the counts of the questions someone watches and
// publishes each new state to their event streams (http/event_streams.hpp). Every 5 s it also
// reads the watched questions again, for writes that notify no one (another program's). One thread,
// waiting on the database listener's socket, a wake-up descriptor and its timers: viewers cost it
// nothing but the questions they watch.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "db/database.hpp"
#include "http/event_streams.hpp"
#include "ops/log.hpp"
#include "polls/coalescer.hpp"
#include "web/clock.hpp"

namespace polls::polls_app {

struct LiveOptions {
  std::chrono::milliseconds coalesce{250};  // at most one event per question per this
  std::chrono::milliseconds retry{3000};    // the reconnection delay streams tell clients
};

class LiveResults {
 public:
  LiveResults(db::Database& database, http::EventStreams& streams, const ops::Logger& log,
              LiveOptions options, web::Clock now);
  ~LiveResults();
  LiveResults(const LiveResults&) = delete;
  LiveResults& operator=(const LiveResults&) = delete;

  // Starts the publishing thread (and the database listener); stop() ends it. Both idempotent.
  void start();
  void stop();

  // From any thread, after a write committed: the question's counts may have changed.
  void changed(std::int64_t question_id);

  http::EventStreams& streams() const { return streams_; }
  const LiveOptions& options() const { return options_; }

 private:
  void run();
  // What the listener heard: payloads are question ids; a gap or "anything" means every
  // watched question.
  void take_heard(const db::ChangeListener::Heard& heard, Coalescer::Clock::time_point now);
  void publish(std::int64_t question_id);

  db::Database& database_;
  http::EventStreams& streams_;
  const ops::Logger& log_;
  const LiveOptions options_;
  web::Clock now_;

  int wake_fd_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::int64_t> changed_;  // noted by changed(), taken by the thread
  bool stopping_ = false;

  // The thread's own.
  Coalescer coalescer_;
  std::unique_ptr<db::ChangeListener> listener_;
  // The id of each watched question's last publication: the same counts read again are not
  // published again (a stream's first counts, sent by its view, are not in it: a stream that
  // already has an update is not sent it twice, http/connection_streams.cpp).
  std::unordered_map<std::int64_t, std::string> last_sent_;
  // Watched when the listener reported a gap: their next publication goes to every stream.
  std::unordered_set<std::int64_t> refresh_;
  bool load_failing_ = false;
  std::atomic<bool> stop_flag_{false};  // stopping_, read without the lock between publications
};

}  // namespace polls::polls_app
