// The loop's event streams: taking one over from its worker, writing publications and heartbeats
// to it without ever waiting for its socket, and dropping it when its reader cannot keep up. See
// connection_loop.hpp and event_streams.hpp.
//
// A stream's memory stays bounded however slow its reader: an update the socket does not take
// at once is kept as a reference to the publication (shared by every stream of the topic) and an
// offset, and behind it waits at most the newest one (each update is the whole state, so those
// in between are skipped). A stream whose socket takes nothing for stream_stall_timeout while an
// update waits is dropped as slow.
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "http/connection_loop.hpp"
#include "http/event_stream_format.hpp"

namespace polls::http {

namespace {

const std::shared_ptr<const std::string>& heartbeat() {
  static const auto bytes = std::make_shared<const std::string>(sse::kHeartbeat);
  return bytes;
}

void start_write(Connection& c, std::shared_ptr<const std::string> bytes) {
  c.writing_prefix = c.chunked ? sse::chunk_prefix(bytes->size()) : std::string();
  c.writing = std::move(bytes);
  c.written = 0;
}

}  // namespace

void ConnectionLoop::adopt_stream(Connection& c, PendingStream& stream, Clock::time_point now) {
  c.topic = stream.ticket.topic();
  c.chunked = stream.chunked;
  c.sent_seq = stream.ticket.reserved_at();
  c.last_event_id = std::move(stream.first_id);
  c.writing.reset();
  c.waiting.reset();
  c.stalled = false;
  stream.ticket.keep();  // released by leave_topic when the stream ends
  auto& viewers = by_topic_[c.topic];
  c.topic_slot = viewers.size();
  viewers.push_back(&c);
  // Nothing more is read from it but the end of the stream: no buffer.
  c.received = std::string();
  c.consumed = 0;
  c.scanned = 0;
  // Bounds what the kernel holds for a stuck viewer (autotuning would let it grow to megabytes).
  const int bytes = streams_->options().send_buffer_bytes;
  ::setsockopt(c.fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  enter(c, Connection::State::Streaming, now + streams_->options().heartbeat);
  arm_stream(c);
  if (c.fd < 0) return;
  const auto first = std::make_shared<const std::string>(std::move(stream.first));
  if (!send_to_stream(c, first, now)) return;
  // Published after the view reserved its place, before the loop had the stream: the view's
  // first state may be older than it (unless it is that very state).
  if (const auto later = streams_->latest_after(c.topic, c.sent_seq)) {
    c.sent_seq = later->seq;
    if (later->id != c.last_event_id) {
      c.last_event_id = later->id;
      send_to_stream(c, later->bytes, now);
    }
  }
}

void ConnectionLoop::deliver_published(Clock::time_point now) {
  for (const EventStreams::Published& p : streams_->take_published()) {
    const auto it = by_topic_.find(p.topic);
    if (it == by_topic_.end()) continue;
    // Copied: a dropped stream leaves the topic's list while it is walked.
    const std::vector<Connection*> viewers = it->second;
    for (Connection* c : viewers) {
      if (c->sent_seq >= p.seq) continue;  // sent when it was adopted
      c->sent_seq = p.seq;
      if (c->last_event_id == p.id && !p.refresh) continue;  // it has these counts already
      c->last_event_id = p.id;
      if (send_to_stream(*c, p.bytes, now)) {
        streams_->events.fetch_add(1, std::memory_order_relaxed);
      }
    }
  }
}

bool ConnectionLoop::send_to_stream(Connection& c, std::shared_ptr<const std::string> bytes,
                                    Clock::time_point now) {
  if (!bytes || bytes->empty()) return true;
  if (c.writing) {
    c.waiting = std::move(bytes);
    return true;
  }
  start_write(c, std::move(bytes));
  return continue_writing(c, now);
}

bool ConnectionLoop::continue_writing(Connection& c, Clock::time_point now) {
  bool progressed = false;
  while (c.writing) {
    const std::string_view body = *c.writing;
    const std::string_view suffix = c.chunked ? sse::kChunkSuffix : std::string_view();
    std::array<std::string_view, 3> parts = {c.writing_prefix, body, suffix};
    std::array<iovec, 3> vectors{};
    std::size_t count = 0;
    std::size_t skip = c.written;
    std::size_t total = 0;
    for (const std::string_view part : parts) {
      total += part.size();
      if (skip >= part.size()) {
        skip -= part.size();
        continue;
      }
      vectors[count++] = iovec{const_cast<char*>(part.data() + skip), part.size() - skip};
      skip = 0;
    }
    msghdr message{};
    message.msg_iov = vectors.data();
    message.msg_iovlen = count;
    const ssize_t sent = ::sendmsg(c.fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      close(c);  // the viewer is gone
      return false;
    }
    if (sent <= 0) break;  // the socket is full
    progressed = true;
    c.written += static_cast<std::size_t>(sent);
    if (c.written < total) continue;  // took part of it: try the rest (likely EAGAIN)
    c.writing.reset();
    if (c.waiting) start_write(c, std::move(c.waiting));
  }
  // Filed in its list before it is re-armed: a failed arming closes it, from that list.
  const bool was_stalled = c.stalled;
  if (!c.writing) {
    // All out: the next heartbeat is due a full period from now.
    (was_stalled ? stalled_ : streaming_).remove(c);
    c.stalled = false;
    c.deadline = now + streams_->options().heartbeat;
    streaming_.push_back(c);
    if (was_stalled) arm_stream(c);  // no longer waiting for the socket to take more
    return c.fd >= 0;
  }
  if (!was_stalled || progressed) {
    // Waits for the socket, dropped if it takes nothing for the stall timeout.
    (was_stalled ? stalled_ : streaming_).remove(c);
    c.stalled = true;
    c.deadline = now + limits_.stream_stall_timeout;
    stalled_.push_back(c);
    if (!was_stalled) arm_stream(c);
  }
  return c.fd >= 0;
}

void ConnectionLoop::arm_stream(Connection& c) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT | (c.writing ? EPOLLOUT : 0U);
  ev.data.ptr = &c;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev) != 0) close(c);
}

void ConnectionLoop::expire_streams(Clock::time_point now) {
  while (!stalled_.empty() && stalled_.front()->deadline <= now) {
    streams_->dropped_slow.fetch_add(1, std::memory_order_relaxed);
    close(*stalled_.front());
  }
  // A heartbeat either goes out (and the stream moves to the back) or stalls (and moves to the
  // stalled list): the front changes each time.
  while (!streaming_.empty() && streaming_.front()->deadline <= now) {
    send_to_stream(*streaming_.front(), heartbeat(), now);
  }
}

void ConnectionLoop::on_stream_event(Connection& c) {
  const Clock::time_point now = Clock::now();
  // The socket may take more of the write in progress.
  if (c.writing && !continue_writing(c, now)) return;
  // A viewer sends nothing after its request: whatever comes is read and dropped (a chunk per
  // event, so that a chatty one cannot hold the loop), and the end of the stream (or an error)
  // ends it.
  ssize_t n = -1;
  do {
    n = ::recv(c.fd, scratch_.data(), scratch_.size(), 0);
  } while (n < 0 && errno == EINTR);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
    close(c);
    return;
  }
  arm_stream(c);
}

void ConnectionLoop::leave_topic(Connection& c) {
  const auto it = by_topic_.find(c.topic);
  if (it != by_topic_.end()) {
    auto& viewers = it->second;
    // Swap-remove: the last one takes its slot.
    viewers[c.topic_slot] = viewers.back();
    viewers[c.topic_slot]->topic_slot = c.topic_slot;
    viewers.pop_back();
    if (viewers.empty()) by_topic_.erase(it);
  }
  streams_->release(c.topic);
}

void ConnectionLoop::end_streams() {
  // A chunked stream gets its last chunk, so that the client sees a clean end (and reconnects
  // after its retry delay, to another replica) rather than a cut connection. One with a write
  // in progress would break that write's framing: it is just closed.
  const auto end = [this](ConnectionList& list) {
    while (!list.empty()) {
      Connection& c = *list.front();
      if (c.chunked && !c.writing) {
        (void)::send(c.fd, sse::kLastChunk.data(), sse::kLastChunk.size(),
                     MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      close(c);
    }
  };
  end(streaming_);
  end(stalled_);
}

}  // namespace polls::http
