// See event_streams.hpp and pending_stream.hpp.
#include "http/event_streams.hpp"

#include "http/pending_stream.hpp"

namespace polls::http {

namespace {
// The stream the request on this thread opened, until its worker takes it.
thread_local std::unique_ptr<PendingStream> tl_pending;
}  // namespace

EventStreams::Ticket::Ticket(Ticket&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      topic_(other.topic_),
      reserved_at_(other.reserved_at_) {}

EventStreams::Ticket& EventStreams::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    if (owner_ != nullptr) owner_->release(topic_);
    owner_ = std::exchange(other.owner_, nullptr);
    topic_ = other.topic_;
    reserved_at_ = other.reserved_at_;
  }
  return *this;
}

EventStreams::Ticket::~Ticket() {
  if (owner_ != nullptr) owner_->release(topic_);
}

EventStreams::Ticket EventStreams::reserve(std::uint64_t topic) {
  const std::lock_guard lock(mutex_);
  if (taken_ >= options_.max_streams) {
    refused_.fetch_add(1, std::memory_order_relaxed);
    return {};
  }
  ++taken_;
  ++topics_[topic].streams;
  return {this, topic, seq_};
}

void EventStreams::release(std::uint64_t topic) {
  const std::lock_guard lock(mutex_);
  const auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  --taken_;
  if (--it->second.streams == 0) topics_.erase(it);
}

void EventStreams::publish(std::uint64_t topic, std::string id, std::string bytes, bool refresh) {
  const std::lock_guard lock(mutex_);
  const auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  auto published = std::make_shared<Published>();
  published->topic = topic;
  published->seq = ++seq_;
  published->id = std::move(id);
  published->refresh = refresh;
  published->bytes = std::make_shared<const std::string>(std::move(bytes));
  if (wake_) outbox_.push_back(*published);  // no loop attached: no stream to send it to yet
  it->second.latest = std::move(published);
  // Under the lock, so that detach() cannot return (and the loop go away) while it runs.
  if (wake_) wake_();
}

std::vector<std::uint64_t> EventStreams::topics() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::uint64_t> out;
  out.reserve(topics_.size());
  for (const auto& [topic, state] : topics_) out.push_back(topic);
  return out;
}

std::size_t EventStreams::streams_on(std::uint64_t topic) const {
  const std::lock_guard lock(mutex_);
  const auto it = topics_.find(topic);
  return it == topics_.end() ? 0 : it->second.streams;
}

EventStreamCounts EventStreams::counts() const {
  constexpr auto r = std::memory_order_relaxed;
  return {open.load(r), events.load(r), dropped_slow.load(r), refused_.load(r)};
}

void EventStreams::attach(std::function<void()> wake) {
  const std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

void EventStreams::detach() {
  const std::lock_guard lock(mutex_);
  wake_ = nullptr;
  outbox_.clear();
}

std::vector<EventStreams::Published> EventStreams::take_published() {
  std::vector<Published> out;
  const std::lock_guard lock(mutex_);
  out.swap(outbox_);
  return out;
}

std::shared_ptr<const EventStreams::Published> EventStreams::latest_after(std::uint64_t topic,
                                                                          std::uint64_t seq) const {
  const std::lock_guard lock(mutex_);
  const auto it = topics_.find(topic);
  if (it == topics_.end() || !it->second.latest || it->second.latest->seq <= seq) return nullptr;
  return it->second.latest;
}

void open_event_stream(const httplib::Request& req, httplib::Response& res,
                       EventStreams::Ticket ticket, std::string first, std::string first_id) {
  res.status = 200;
  res.set_header("Content-Type", "text/event-stream; charset=utf-8");
  res.set_header("Cache-Control", "no-cache");
  // nginx (and ingress-nginx) passes each event on at once instead of buffering the response.
  res.set_header("X-Accel-Buffering", "no");
  tl_pending = std::make_unique<PendingStream>();
  // HEAD: the head a GET would get, and no stream (the ticket is released now).
  tl_pending->head_only = req.method != "GET";
  if (!tl_pending->head_only) {
    tl_pending->ticket = std::move(ticket);
    tl_pending->first = std::move(first);
    tl_pending->first_id = std::move(first_id);
  }
}

std::unique_ptr<PendingStream> take_pending_stream() { return std::move(tl_pending); }

void frame_event_stream(const httplib::Request& req, httplib::Response& res) {
  if (!tl_pending) return;
  // Failed after opening (an exception became a 500, say): an ordinary response after all.
  if (res.status != 200 || !res.body.empty()) {
    tl_pending.reset();
    return;
  }
  res.headers.erase("Content-Length");
  res.headers.erase("Keep-Alive");
  tl_pending->chunked = req.version == "HTTP/1.1";
  if (tl_pending->chunked) {
    res.set_header("Transfer-Encoding", "chunked");
  } else {
    res.set_header("Connection", "close");
  }
  tl_pending->framed = true;
}

}  // namespace polls::http
