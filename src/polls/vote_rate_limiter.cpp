// Vote attempts per address in fixed windows: see vote_rate_limiter.hpp.
#include "polls/vote_rate_limiter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace polls::polls_app {

namespace {

// One statement, so that concurrent attempts from one address (on any replica) each count.
constexpr std::string_view kCount =
    "INSERT INTO polls_vote_rate (address, window_start, attempts) VALUES ($1, $2, 1) "
    "ON CONFLICT (address, window_start) DO UPDATE SET attempts = polls_vote_rate.attempts + 1 "
    "RETURNING attempts";
constexpr std::string_view kSweep = "DELETE FROM polls_vote_rate WHERE window_start < $1";

}  // namespace

std::string rate_key(std::string_view address) {
  std::string text(address);
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
  constexpr std::array<unsigned char, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (std::equal(kMapped.begin(), kMapped.end(), bytes.begin())) {
    inet_ntop(AF_INET, bytes.data() + 12, out.data(), out.size());
    return out.data();
  }
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  inet_ntop(AF_INET6, bytes.data(), out.data(), out.size());
  return std::string(out.data()) + "/64";
}

std::optional<std::chrono::seconds> VoteRateLimiter::attempt(std::string_view address,
                                                             db::Timestamp now) {
  using std::chrono::seconds;
  if (limit_.attempts <= 0) return std::nullopt;
  const std::int64_t window = limit_.window.count();
  const std::int64_t now_s = std::chrono::floor<seconds>(now).time_since_epoch().count();
  const std::int64_t start_s = now_s - (((now_s % window) + window) % window);
  const db::Timestamp start{seconds{start_s}};
  auto session = database_.write();
  const std::string key = rate_key(address);
  const std::int64_t attempts =
      session->query(kCount, {std::string_view(key), start}).integer(0, 0);
  sweep(*session, start);
  if (attempts <= limit_.attempts) return std::nullopt;
  const auto left = std::chrono::ceil<seconds>(start + limit_.window - now);
  return std::max(left, seconds{1});
}

void VoteRateLimiter::sweep(db::Session& session, db::Timestamp window_start) {
  const std::int64_t start_s =
      std::chrono::floor<std::chrono::seconds>(window_start).time_since_epoch().count();
  std::int64_t swept = swept_before_.load(std::memory_order_relaxed);
  if (swept >= start_s) return;
  if (!swept_before_.compare_exchange_strong(swept, start_s)) return;  // another thread sweeps
  session.execute(kSweep, {window_start});
}

}  // namespace polls::polls_app
