// What a Transaction promises on both backends (the [postgres] copies run them on PostgreSQL):
// all or nothing, and with ExclusiveWrites, concurrent transactions on a table one at a time
// while readers go on.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/errors.hpp"
#include "support/test_database.hpp"

using polls::db::ExclusiveWrites;
using polls::db::Transaction;
using polls::testing::TestDatabase;

namespace {

constexpr std::string_view kCreate = "CREATE TABLE exclusive_test (n INTEGER NOT NULL)";
constexpr std::string_view kInsert = "INSERT INTO exclusive_test (n) VALUES ($1)";
constexpr std::string_view kCount = "SELECT count(*) FROM exclusive_test";

std::int64_t rows_in_table(polls::db::Database& database) {
  return database.read()->query(kCount).integer(0, 0);
}

}  // namespace

TEST_CASE("a transaction keeps all of its writes when committed and none otherwise") {
  TestDatabase database;
  database->write()->execute(kCreate);
  {
    auto session = database->write();
    Transaction transaction(*session);
    session->execute(kInsert, {std::int64_t{1}});
    session->execute(kInsert, {std::int64_t{2}});
  }
  CHECK(rows_in_table(*database) == 0);
  {
    auto session = database->write();
    Transaction transaction(*session, ExclusiveWrites{"exclusive_test"});
    session->execute(kInsert, {std::int64_t{1}});
    session->execute(kInsert, {std::int64_t{2}});
    transaction.commit();
  }
  CHECK(rows_in_table(*database) == 2);
}

TEST_CASE("transactions with exclusive writes to a table each see the others entirely or not") {
  TestDatabase database;
  database->write()->execute(kCreate);
  // Each stores a row and then counts the rows: had two overlapped (PostgreSQL's writers run side
  // by side), both would count only their own and the counts would repeat.
  constexpr int kWriters = 4;
  std::vector<std::int64_t> counts(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      auto session = database->write();
      Transaction transaction(*session, ExclusiveWrites{"exclusive_test"});
      session->execute(kInsert, {std::int64_t{i}});
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // room for another to overlap
      counts[static_cast<std::size_t>(i)] = session->query(kCount).integer(0, 0);
      transaction.commit();
    });
  }
  for (auto& writer : writers) writer.join();
  std::sort(counts.begin(), counts.end());
  CHECK(counts == std::vector<std::int64_t>{1, 2, 3, 4});
}

TEST_CASE("exclusive writes to a table do not hold up its readers") {
  TestDatabase database;
  database->write()->execute(kCreate);
  database->write()->execute(kInsert, {std::int64_t{1}});
  auto session = database->write();
  Transaction transaction(*session, ExclusiveWrites{"exclusive_test"});
  session->execute(kInsert, {std::int64_t{2}});
  CHECK(rows_in_table(*database) == 1);  // the committed row, at once
  transaction.commit();
  CHECK(rows_in_table(*database) == 2);
}

TEST_CASE("exclusive writes need a plain table name") {
  TestDatabase database;
  auto session = database->write();
  CHECK_THROWS_AS(Transaction(*session, ExclusiveWrites{"t; DROP TABLE polls_question"}),
                  polls::db::Error);
  CHECK_THROWS_AS(Transaction(*session, ExclusiveWrites{""}), polls::db::Error);
  CHECK(database.has_table("polls_question"));
}
