// The registry of event streams (http/event_streams): places reserved up to the limit and given
// back, publications numbered and kept only for topics someone watches, the latest one after a
// reservation, and the loop's wake-up.
#include "http/event_streams.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>

namespace http = polls::http;

namespace {
http::EventStreams limited_to(std::size_t streams) {
  http::EventStreamOptions options;
  options.max_streams = streams;
  return http::EventStreams(options);
}
}  // namespace

TEST_CASE("places are reserved up to max_streams, refused beyond, and given back when dropped") {
  http::EventStreamOptions options;
  options.max_streams = 2;
  http::EventStreams streams(options);
  auto first = streams.reserve(1);
  auto second = streams.reserve(2);
  CHECK(first);
  CHECK(second);
  CHECK_FALSE(streams.reserve(1));
  CHECK(streams.counts().refused == 1);
  CHECK(streams.streams_on(1) == 1);
  {
    const http::EventStreams::Ticket dropped = std::move(first);  // moved: still one place
    CHECK(streams.streams_on(1) == 1);
  }
  CHECK(streams.streams_on(1) == 0);
  CHECK(streams.topics() == std::vector<std::uint64_t>{2});
  CHECK(streams.reserve(3));  // a place was free again (and is given back at once)
}

TEST_CASE("a kept ticket leaves its place taken until whoever holds the stream releases it") {
  http::EventStreamOptions options;
  options.max_streams = 1;
  http::EventStreams streams(options);
  {
    auto ticket = streams.reserve(5);
    ticket.keep();
  }
  CHECK(streams.streams_on(5) == 1);
  CHECK_FALSE(streams.reserve(6));
  streams.release(5);
  CHECK(streams.streams_on(5) == 0);
  CHECK(streams.reserve(6));
}

TEST_CASE("publications are numbered in order and only topics with streams get them") {
  http::EventStreams streams;
  int wakes = 0;
  streams.attach([&wakes] { ++wakes; });
  auto ticket = streams.reserve(1);
  streams.publish(2, "id-0", "nobody watches");
  streams.publish(1, "id-a", "a");
  streams.publish(1, "id-b", "b");
  const auto published = streams.take_published();
  REQUIRE(published.size() == 2);
  CHECK(*published[0].bytes == "a");
  CHECK(published[0].id == "id-a");
  CHECK(*published[1].bytes == "b");
  CHECK(published[0].seq < published[1].seq);
  CHECK_FALSE(published[0].refresh);
  streams.publish(1, "id-b", "b again", true);  // after a gap: for every stream, even unchanged
  CHECK(streams.take_published().at(0).refresh);
  CHECK(wakes == 3);
  CHECK(streams.take_published().empty());
  streams.detach();
  streams.publish(1, "id-c", "c");
  CHECK(wakes == 3);
  // With no loop attached there is no stream to send to: nothing waits for one.
  CHECK(streams.take_published().empty());
  CHECK(*streams.latest_after(1, 0)->bytes == "c");
}

TEST_CASE("the latest publication after a reservation is what a new stream may have missed") {
  http::EventStreams streams;
  auto early = streams.reserve(1);
  streams.publish(1, "id-1", "before");
  auto late = streams.reserve(1);
  CHECK(late.reserved_at() > early.reserved_at());
  // Published before the late reservation: not newer than what its view read.
  CHECK(streams.latest_after(1, late.reserved_at()) == nullptr);
  streams.publish(1, "id-2", "after");
  const auto missed = streams.latest_after(1, late.reserved_at());
  REQUIRE(missed != nullptr);
  CHECK(*missed->bytes == "after");
  CHECK(streams.latest_after(2, 0) == nullptr);
}

TEST_CASE("a topic with no stream left forgets its latest publication") {
  http::EventStreams streams = limited_to(10);
  {
    auto ticket = streams.reserve(1);
    streams.publish(1, "id-x", "x");
    CHECK(streams.latest_after(1, 0) != nullptr);
  }
  auto again = streams.reserve(1);
  CHECK(streams.latest_after(1, 0) == nullptr);
}
