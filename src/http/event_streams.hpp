// Event streams (Server-Sent Events) the connection layer holds open: a view answers a request
// with open_event_stream(), and from then on the event loop owns the connection. It costs a
// few hundred bytes and no thread, gets what is published on its topic, a heartbeat comment
// when it has been silent for `heartbeat`, and is dropped when its socket buffer is full (a
// viewer too slow to read must not make the process hold its backlog). At most `max_streams`
// are open or being opened; past that reserve() refuses and the view answers 503.
//
// Order: a view reserve()s its place before it reads the state it sends first, and anything
// published on the topic after the reservation reaches the stream too, so that no change made
// while the stream was being opened is missed.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace polls::http {

struct EventStreamOptions {
  std::size_t max_streams = 5000;
  std::chrono::milliseconds heartbeat{15000};
  // Each stream's kernel send buffer: bounds what a stuck viewer holds in the kernel, and how
  // far behind it may fall before it is dropped.
  int send_buffer_bytes = 64 * 1024;
};

struct EventStreamCounts {
  std::int64_t open = 0;     // streams held by the loop now
  std::uint64_t events = 0;  // published events written to a stream
  std::uint64_t dropped_slow = 0;
  std::uint64_t refused = 0;  // reserve() past max_streams
};

class EventStreams {
 public:
  explicit EventStreams(EventStreamOptions options = {}) : options_(options) {}
  EventStreams(const EventStreams&) = delete;
  EventStreams& operator=(const EventStreams&) = delete;

  // A reserved place for one stream on a topic, released when it is dropped unused.
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();
    explicit operator bool() const { return owner_ != nullptr; }
    std::uint64_t topic() const { return topic_; }
    // The publication count when it was reserved: what came later is sent to the stream.
    std::uint64_t reserved_at() const { return reserved_at_; }
    // Leaves the place taken; whoever holds the stream releases it (EventStreams::release).
    void keep() { owner_ = nullptr; }

   private:
    friend class EventStreams;
    Ticket(EventStreams* owner, std::uint64_t topic, std::uint64_t reserved_at)
        : owner_(owner), topic_(topic), reserved_at_(reserved_at) {}
    EventStreams* owner_ = nullptr;
    std::uint64_t topic_ = 0;
    std::uint64_t reserved_at_ = 0;
  };

  // A place for one more stream on `topic`, or an empty ticket when max_streams are taken.
  Ticket reserve(std::uint64_t topic);
  // From any thread: `bytes` (whole events, the last with id `id`) go to every stream of `topic`
  // whose last event had another id, or to every one when `refresh` (after a gap, when viewers
  // may have missed anything). Nothing happens when the topic has none.
  void publish(std::uint64_t topic, std::string id, std::string bytes, bool refresh = false);
  // The topics that have streams (or reserved places), for a publisher deciding what to load.
  std::vector<std::uint64_t> topics() const;
  std::size_t streams_on(std::uint64_t topic) const;
  EventStreamCounts counts() const;
  const EventStreamOptions& options() const { return options_; }

  // For the connection loop that holds the streams.
  struct Published {
    std::uint64_t topic = 0;
    std::uint64_t seq = 0;  // publications are numbered from 1, in order
    std::string id;
    std::shared_ptr<const std::string> bytes;
    bool refresh = false;
  };
  // The loop calls `wake` after each publish (from the publishing thread), until detached.
  void attach(std::function<void()> wake);
  void detach();
  std::vector<Published> take_published();
  // The last publication on `topic` if it came after `seq`.
  std::shared_ptr<const Published> latest_after(std::uint64_t topic, std::uint64_t seq) const;
  void release(std::uint64_t topic);
  std::atomic<std::int64_t> open{0};
  std::atomic<std::uint64_t> events{0}, dropped_slow{0};

 private:
  struct Topic {
    std::size_t streams = 0;
    std::shared_ptr<const Published> latest;
  };
  const EventStreamOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Topic> topics_;
  std::size_t taken_ = 0;
  std::uint64_t seq_ = 0;
  std::vector<Published> outbox_;
  std::function<void()> wake_;
  std::atomic<std::uint64_t> refused_{0};
};

// From a view: answer `req` with an event stream on the ticket's topic (200,
// text/event-stream, no caching, no proxy buffering) that starts with `first` and goes on with
// what is published. `first_id` is the id of the last event the client has after `first`
// (publications with that id are not sent to it). A HEAD request gets the head only, and the
// ticket is released.
void open_event_stream(const httplib::Request& req, httplib::Response& res,
                       EventStreams::Ticket ticket, std::string first, std::string first_id);

}  // namespace polls::http
