// See live_results.hpp.
#include "polls/live_results.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <exception>

#include "http/event_stream_format.hpp"
#include "polls/repository.hpp"
#include "polls/results_event.hpp"
#include "polls/rules.hpp"
#include "text/integer.hpp"

namespace polls::polls_app {

namespace {
// The longest the thread sleeps without a reason.
constexpr std::chrono::milliseconds kLongestSleep{1000};
// How often the watched questions' counts are read again whatever was heard: a write that sent
// no notice (Django's own vote view on the same PostgreSQL database, an UPDATE in psql) shows
// within this. A question whose counts did not change sends nothing.
constexpr std::chrono::milliseconds kRefreshEvery{5000};
}  // namespace

LiveResults::LiveResults(db::Database& database, http::EventStreams& streams,
                         const ops::Logger& log, LiveOptions options, web::Clock now)
    : database_(database),
      streams_(streams),
      log_(log),
      options_(options),
      now_(std::move(now)),
      coalescer_(options.coalesce) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

LiveResults::~LiveResults() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void LiveResults::start() {
  const std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { run(); });
}

void LiveResults::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_flag_ = true;
  const std::uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

void LiveResults::changed(std::int64_t question_id) {
  {
    const std::lock_guard lock(mutex_);
    changed_.push_back(question_id);
  }
  const std::uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
}

void LiveResults::take_heard(const db::ChangeListener::Heard& heard,
                             Coalescer::Clock::time_point now) {
  if (!heard.lost.empty()) {
    log_.warn("live results: not hearing other replicas' votes until the database is back",
              {{"error", heard.lost}});
  }
  if (heard.restored) log_.info("live results: hearing other replicas' votes again");
  // After a gap every watched question is sent afresh, even unchanged: the viewers may have
  // missed anything.
  if (heard.gap || heard.anything) {
    for (const std::uint64_t topic : streams_.topics()) {
      const auto id = static_cast<std::int64_t>(topic);
      coalescer_.changed(id, now);
      if (heard.gap) refresh_.insert(id);
    }
  }
  for (const std::string& payload : heard.payloads) {
    if (const auto id = text::parse_integer<std::int64_t>(payload)) coalescer_.changed(*id, now);
  }
}

void LiveResults::publish(std::int64_t question_id) {
  const auto topic = static_cast<std::uint64_t>(question_id);
  if (streams_.streams_on(topic) == 0) {
    last_sent_.erase(question_id);
    refresh_.erase(question_id);
    return;
  }
  std::optional<QuestionWithChoices> found;
  try {
    found = PollsRepository(database_).find_published(question_id, now_());
    if (load_failing_) log_.info("live results: the database answers again");
    load_failing_ = false;
  } catch (const std::exception& e) {
    // Tried again after the interval; said once per outage.
    if (!load_failing_) log_.warn("live results: cannot load counts", {{"error", e.what()}});
    load_failing_ = true;
    coalescer_.changed(question_id, Coalescer::Clock::now());
    return;
  }
  if (!found) return;  // deleted or unpublished meanwhile: its streams keep their last state
  // A stream opens only where its viewer may see the counts; a voter may (has_voted), so hidden
  // here means hidden from everyone: the rules changed, or the poll was reopened.
  const bool hidden = !results_visible(found->rules, true, now_());
  ResultsEvent event = hidden ? hidden_results_event(question_id) : results_event(*found);
  const bool refresh = refresh_.erase(question_id) > 0;
  std::string& last = last_sent_[question_id];
  if (last == event.id && !refresh) return;  // a write that changed nothing this page shows
  last = event.id;
  streams_.publish(topic, event.id, http::sse::event(event.id, event.data), refresh);
}

void LiveResults::run() {
  try {
    listener_ = database_.listen(kResultsChannel);
  } catch (const std::exception& e) {
    log_.warn("live results: cannot listen for other replicas' votes", {{"error", e.what()}});
  }
  auto last_check = Coalescer::Clock::now() - kLongestSleep;
  auto last_refresh = Coalescer::Clock::now();
  for (;;) {
    auto now = Coalescer::Clock::now();
    auto until = now + kLongestSleep;
    if (const auto due = coalescer_.next_due()) until = std::min(until, *due);
    if (listener_) until = std::min(until, last_check + listener_->poll_interval());
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
    std::array<pollfd, 2> ready{{{wake_fd_, POLLIN, 0}, {-1, POLLIN, 0}}};
    if (listener_) ready[1].fd = listener_->descriptor();
    (void)::poll(ready.data(), ready[1].fd >= 0 ? 2 : 1, static_cast<int>(std::max<long>(wait, 0)));

    // The wake-up is consumed before the lists are taken: a change noted after this read wakes
    // the next poll at once, rather than waiting for a timeout.
    std::uint64_t count = 0;
    (void)::read(wake_fd_, &count, sizeof count);
    std::vector<std::int64_t> changed;
    {
      const std::lock_guard lock(mutex_);
      if (stopping_) break;
      changed.swap(changed_);
    }
    now = Coalescer::Clock::now();
    for (const std::int64_t id : changed) coalescer_.changed(id, now);
    // Read when it has something, and on its poll interval (SQLite's only way; PostgreSQL's
    // reconnection).
    const bool readable = ready[1].fd >= 0 && (ready[1].revents & (POLLIN | POLLERR | POLLHUP));
    if (listener_ && (readable || now >= last_check + listener_->poll_interval())) {
      last_check = now;
      take_heard(listener_->check(), now);
    }
    if (now >= last_refresh + kRefreshEvery) {
      last_refresh = now;
      std::unordered_map<std::int64_t, std::string> watched;
      for (const std::uint64_t topic : streams_.topics()) {
        const auto id = static_cast<std::int64_t>(topic);
        coalescer_.changed(id, now);
        // Questions no one watches any more are forgotten.
        if (const auto it = last_sent_.find(id); it != last_sent_.end()) {
          watched.emplace(id, std::move(it->second));
        }
      }
      last_sent_.swap(watched);
    }
    for (const std::int64_t id : coalescer_.take_due(now)) {
      if (stop_flag_.load()) break;  // shutting down: no more database reads
      publish(id);
    }
  }
  listener_.reset();
}

}  // namespace polls::polls_app
