// The RAII wrappers: statements reset on scope exit, transactions roll back unless
// committed, savepoints isolate one failure, extended result codes, SQLite's log routed.
#include "db/sqlite.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <string>
#include <vector>

using namespace iotprobe::db;

namespace {
std::int64_t count(database& db, const char* table) {
  statement s{db, std::string("SELECT count(*) FROM ") + table};
  cursor c = s.open();
  REQUIRE(c.next());
  return c.int64(0);
}
}  // namespace

TEST_CASE("a statement is reusable after its cursor goes out of scope", "[db][sqlite]") {
  database db{":memory:"};
  db.exec_or_throw("CREATE TABLE t(a INTEGER, b TEXT)");
  statement insert{db, "INSERT INTO t VALUES(?1, ?2)"};
  for (int i = 0; i < 3; ++i) {
    cursor c = insert.open();
    REQUIRE(c.bind(1, i).bind(2, std::to_string(i * 10)).run().ok());
  }
  statement select{db, "SELECT a, b FROM t WHERE a >= ?1 ORDER BY a"};
  {
    cursor c = select.open();
    c.bind(1, 1);
    REQUIRE(c.next());
    CHECK(c.int64(0) == 1);  // left mid-iteration: the destructor resets the statement
  }
  cursor c = select.open();
  c.bind(1, 0);
  std::vector<std::string> seen;
  while (c.next()) seen.push_back(c.text(1));
  CHECK(seen == std::vector<std::string>{"0", "10", "20"});
  CHECK(c.result().code == SQLITE_DONE);
}

TEST_CASE("a transaction rolls back unless committed", "[db][sqlite]") {
  database db{":memory:"};
  db.exec_or_throw("CREATE TABLE t(a INTEGER)");
  {
    transaction tx{db};
    REQUIRE(tx.begun().ok());
    db.exec_or_throw("INSERT INTO t VALUES(1)");
  }
  CHECK(count(db, "t") == 0);
  {
    transaction tx{db};
    db.exec_or_throw("INSERT INTO t VALUES(2)");
    REQUIRE(tx.commit().ok());
  }
  CHECK(count(db, "t") == 1);
}

TEST_CASE("a savepoint undoes only its own writes", "[db][sqlite]") {
  database db{":memory:"};
  db.exec_or_throw("CREATE TABLE t(a INTEGER UNIQUE)");
  transaction tx{db};
  db.exec_or_throw("INSERT INTO t VALUES(1)");
  {
    savepoint sp{db, "one"};
    db.exec_or_throw("INSERT INTO t VALUES(2)");
    const status s = db.exec("INSERT INTO t VALUES(1)");
    CHECK_FALSE(s.ok());
    CHECK(s.code == SQLITE_CONSTRAINT_UNIQUE);  // extended, not plain SQLITE_CONSTRAINT
  }
  REQUIRE(tx.commit().ok());
  CHECK(count(db, "t") == 1);
}

TEST_CASE("errors at the edge throw db_error with the extended code", "[db][sqlite]") {
  database db{":memory:"};
  CHECK_THROWS_AS(statement(db, "SELEKT 1"), db_error);
  CHECK_THROWS_AS(database("/nonexistent-dir/x/y.db"), db_error);
  try {
    database("/nonexistent-dir/x/y.db");
  } catch (const db_error& e) {
    CHECK(e.code() == SQLITE_CANTOPEN);
  }
}

TEST_CASE("SQLite's log goes to the installed handler", "[db][sqlite]") {
  std::vector<std::pair<int, std::string>> lines;
  set_log_handler([&](int code, std::string_view message) { lines.emplace_back(code, message); });
  database db{":memory:"};
  CHECK_FALSE(db.exec("SELECT * FROM no_such_table").ok());
  set_log_handler([](int, std::string_view) {});
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back().second.find("no such table") != std::string::npos);
}

TEST_CASE("a file database uses WAL", "[db][sqlite]") {
  const std::string path = std::string(IOTPROBE_BINARY_DIR) + "/db_tests_wal.db";
  std::remove(path.c_str());
  {
    database db{path};
    statement s{db, "PRAGMA journal_mode"};
    cursor c = s.open();
    REQUIRE(c.next());
    CHECK(c.text(0) == "wal");
  }
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
}
