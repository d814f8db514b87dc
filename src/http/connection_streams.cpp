// The loop's event streams: taking one over from its worker, writing publications and heartbeats
// to it, and dropping it when its reader cannot keep up. See connection_loop.hpp and
// event_streams.hpp.
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "http/connection_loop.hpp"
#include "http/event_stream_format.hpp"

namespace polls::http {

void ConnectionLoop::adopt_stream(Connection& c, PendingStream& stream, Clock::time_point now) {
  c.topic = stream.ticket.topic();
  c.chunked = stream.chunked;
  c.sent_seq = stream.ticket.reserved_at();
  stream.ticket.keep();  // released by leave_topic when the stream ends
  auto& viewers = by_topic_[c.topic];
  c.topic_slot = viewers.size();
  viewers.push_back(&c);
  // Nothing more is read from it but the end of the stream: no buffer.
  c.received = std::string();
  c.consumed = 0;
  c.scanned = 0;
  const int bytes = streams_->options().send_buffer_bytes;
  ::setsockopt(c.fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  enter(c, Connection::State::Streaming, now + streams_->options().heartbeat);
  arm(c, false);
  if (c.fd < 0 || !send_to_stream(c, stream.first, now)) return;
  // Published after the view reserved its place, before the loop had the stream: the view's
  // first state may be older than it.
  if (const auto later = streams_->latest_after(c.topic, c.sent_seq)) {
    if (send_to_stream(c, *later->bytes, now)) c.sent_seq = later->seq;
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
      if (send_to_stream(*c, *p.bytes, now)) {
        streams_->events.fetch_add(1, std::memory_order_relaxed);
      }
    }
  }
}

bool ConnectionLoop::send_to_stream(Connection& c, std::string_view bytes, Clock::time_point now) {
  if (bytes.empty()) return true;
  std::string prefix;
  std::array<iovec, 3> parts{};
  std::size_t count = 0;
  const auto add = [&](std::string_view part) {
    parts[count++] = iovec{const_cast<char*>(part.data()), part.size()};
  };
  if (c.chunked) {
    prefix = sse::chunk_prefix(bytes.size());
    add(prefix);
  }
  add(bytes);
  if (c.chunked) add(sse::kChunkSuffix);
  std::size_t total = 0;
  for (std::size_t i = 0; i < count; ++i) total += parts[i].iov_len;
  msghdr message{};
  message.msg_iov = parts.data();
  message.msg_iovlen = count;
  ssize_t sent = -1;
  do {
    sent = ::sendmsg(c.fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
  } while (sent < 0 && errno == EINTR);
  if (sent >= 0 && static_cast<std::size_t>(sent) == total) {
    // The heartbeat is due a full period after the last write.
    streaming_.remove(c);
    c.deadline = now + streams_->options().heartbeat;
    streaming_.push_back(c);
    return true;
  }
  // Its socket buffer is full: the reader is behind by all the kernel holds for it. Holding
  // more here would let one slow viewer grow the process; it reconnects and starts afresh.
  if (sent >= 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
    streams_->dropped_slow.fetch_add(1, std::memory_order_relaxed);
  }
  close(c);
  return false;
}

void ConnectionLoop::send_heartbeats(Clock::time_point now) {
  while (!streaming_.empty() && streaming_.front()->deadline <= now) {
    send_to_stream(*streaming_.front(), sse::kHeartbeat, now);
  }
}

void ConnectionLoop::on_stream_event(Connection& c) {
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
  arm(c, false);
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
  // after its retry delay, to another replica) rather than a cut connection.
  while (!streaming_.empty()) {
    Connection& c = *streaming_.front();
    if (c.chunked) {
      (void)::send(c.fd, sse::kLastChunk.data(), sse::kLastChunk.size(),
                   MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    close(c);
  }
}

}  // namespace polls::http
