// Hearing writes made outside the process (db/change_listener.hpp): SQLite's data_version moves
// when another connection commits; PostgreSQL delivers NOTIFY payloads on the listening
// connection, in order, and only once they commit.
#include "db/change_listener.hpp"

#include <doctest/doctest.h>
#include <poll.h>

#include <chrono>
#include <thread>

#include "polls/repository.hpp"
#include "support/test_database.hpp"

using polls::db::ChangeListener;
using polls::testing::TestDatabase;
using namespace std::chrono_literals;

namespace {

// What the listener hears within `timeout`, checking when its descriptor wakes or its poll
// interval passes, until `enough` is satisfied.
template <typename Enough>
ChangeListener::Heard listen_until(ChangeListener& listener, Enough enough,
                                   std::chrono::milliseconds timeout = 5s) {
  ChangeListener::Heard all;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!enough(all) && std::chrono::steady_clock::now() < deadline) {
    pollfd p{listener.descriptor(), POLLIN, 0};
    const auto wait = std::min<long>(listener.poll_interval().count(), 100);
    if (p.fd >= 0) {
      (void)::poll(&p, 1, static_cast<int>(wait));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    ChangeListener::Heard heard = listener.check();
    all.anything = all.anything || heard.anything;
    all.gap = all.gap || heard.gap;
    all.payloads.insert(all.payloads.end(), heard.payloads.begin(), heard.payloads.end());
  }
  return all;
}

}  // namespace

TEST_CASE("a write committed by another connection is heard") {
  TestDatabase database;
  auto listener = database->listen(polls::polls_app::kResultsChannel);
  REQUIRE(listener != nullptr);
  // The first check is a gap (PostgreSQL: it connects and LISTENs); after it, SQLite hears
  // nothing while nothing is written.
  (void)listener->check();
  if (database.dialect() == polls::db::Dialect::Sqlite) {
    const auto never = [](const ChangeListener::Heard&) { return false; };
    CHECK_FALSE(listen_until(*listener, never, 300ms).anything);
  }

  const std::int64_t question = [&] {
    auto session = database->write();
    polls::db::Transaction transaction(*session);
    const std::int64_t id = polls::polls_app::insert_question(
        *session, "Q?", polls::db::Timestamp{std::chrono::seconds(0)});
    polls::polls_app::notify_results_changed(*session, id);
    transaction.commit();
    return id;
  }();
  const auto heard =
      listen_until(*listener, [](const auto& h) { return h.anything || !h.payloads.empty(); });
  if (database.dialect() == polls::db::Dialect::Postgres) {
    // Other tests share the server and its channel: ours is among what was heard.
    CHECK(std::find(heard.payloads.begin(), heard.payloads.end(), std::to_string(question)) !=
          heard.payloads.end());
  } else {
    CHECK(heard.anything);
  }
}

TEST_CASE("a notice of a transaction rolled back is never heard") {
  TestDatabase database;
  if (database.dialect() != polls::db::Dialect::Postgres) {
    // SQLite hears commits of the file, and a rollback commits nothing: one check suffices.
    auto listener = database->listen(polls::polls_app::kResultsChannel);
    REQUIRE(listener != nullptr);
    (void)listener->check();
    {
      auto session = database->write();
      polls::db::Transaction transaction(*session);
      polls::polls_app::insert_question(*session, "Q?",
                                        polls::db::Timestamp{std::chrono::seconds(0)});
    }
    CHECK_FALSE(listener->check().anything);
    return;
  }
  auto listener = database->listen(polls::polls_app::kResultsChannel);
  (void)listener->check();
  {
    auto session = database->write();
    polls::db::Transaction transaction(*session);
    polls::polls_app::notify_results_changed(*session, 987654321);
  }
  {
    auto session = database->write();
    polls::polls_app::notify_results_changed(*session, 987654322);
  }
  const auto heard = listen_until(*listener, [](const auto& h) {
    return std::find(h.payloads.begin(), h.payloads.end(), "987654322") != h.payloads.end();
  });
  CHECK(std::find(heard.payloads.begin(), heard.payloads.end(), "987654321") ==
        heard.payloads.end());
  CHECK(std::find(heard.payloads.begin(), heard.payloads.end(), "987654322") !=
        heard.payloads.end());
}
