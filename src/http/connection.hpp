// One client connection as the connection layer holds it: the socket, the bytes received and not
// yet consumed, the peer, its state and deadline, and its place in the list of its state. Owned
// by the event loop; a worker has it while it handles a request and gives it back.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace polls::http {

using Clock = std::chrono::steady_clock;

// Bytes read from a client socket per recv, by the loop and by workers alike.
inline constexpr std::size_t kReadChunk = std::size_t{16} * 1024;

struct Connection {
  enum class State { Reading, Idle, Queued, Handling, Streaming, Closed };

  int fd = -1;
  std::string received;           // bytes read from the socket, from `consumed` on not yet parsed
  std::size_t consumed = 0;       // bytes of `received` the parser has taken
  std::size_t scanned = 0;        // where the next head scan may resume (head_framing.hpp)
  std::size_t counted_bytes = 0;  // of `received`, counted in the loop's budget for heads
  std::string remote_ip;
  int remote_port = 0;
  std::string local_ip;
  int local_port = 0;
  State state = State::Reading;
  Clock::time_point deadline;     // Reading: of the head; Idle: of the keep-alive wait;
                                  // Streaming: of the next heartbeat
  unsigned requests = 0;          // answered on this connection
  Clock::time_point answered_at;  // when the last response was written
  // Whether its last request came right after the response before it (a page fetching its
  // parts, a benchmark): then a worker waits a moment for the next one (Server::next_head_soon).
  bool eager = false;
  // Streaming (an event stream the loop holds: event_streams.hpp): its topic, whether its body
  // is chunked, the last publication it was sent, and its place in the loop's list of the topic.
  std::uint64_t topic = 0;
  bool chunked = false;
  std::uint64_t sent_seq = 0;
  std::string last_event_id;  // of the last update sent: the same counts are not sent twice
  std::size_t topic_slot = 0;
  // A write its socket has not taken all of yet: the bytes (shared with the topic's other
  // streams), its chunk header, how much of header, bytes and trailer went out; and the newest
  // publication waiting behind it. `stalled` while it waits for the socket
  // (connection_streams.cpp).
  std::shared_ptr<const std::string> writing;
  std::string writing_prefix;
  std::size_t written = 0;
  std::shared_ptr<const std::string> waiting;
  bool stalled = false;
  Connection* prev = nullptr;  // in the list of its state (Reading, Idle or Streaming)
  Connection* next = nullptr;

  std::size_t buffered() const { return received.size() - consumed; }
  // Drops what the parser took, so that `received` holds only what is still to come.
  void compact() {
    received.erase(0, consumed);
    consumed = 0;
    scanned = 0;
    // An idle connection should cost a few bytes, not the capacity its last head needed.
    if (received.empty() && received.capacity() > 4096) received = std::string();
  }
};

// The connections of one state, oldest first. Each state has one timeout, so oldest first is also
// soonest deadline first: the loop only ever looks at the front. O(1) everywhere.
class ConnectionList {
 public:
  bool empty() const { return head_ == nullptr; }
  std::size_t size() const { return size_; }
  Connection* front() const { return head_; }
  void push_back(Connection& c) {
    c.prev = tail_;
    c.next = nullptr;
    (tail_ ? tail_->next : head_) = &c;
    tail_ = &c;
    ++size_;
  }
  void remove(Connection& c) {
    (c.prev ? c.prev->next : head_) = c.next;
    (c.next ? c.next->prev : tail_) = c.prev;
    c.prev = c.next = nullptr;
    --size_;
  }

 private:
  Connection* head_ = nullptr;
  Connection* tail_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace polls::http
