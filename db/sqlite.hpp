// The one database interface every db/ file uses: database (one connection), statement
// (prepared once; a cursor resets it on scope exit), transaction and savepoint. The backend
// is chosen from the target string (db/dialect.hpp): SQLite for a path, libpq for a
// postgresql:// URI. Throws db_error only when opening, preparing or migrating (the edge);
// everything that runs per host returns a status value. No exception crosses a C callback.
#pragma once

#include "db/dialect.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;

namespace iotprobe::db {

namespace detail {
class connection;
class prepared;
}  // namespace detail

// A failure at the edge (open, prepare, migrate): the message names the SQL and the
// extended result code.
class db_error : public std::runtime_error {
 public:
  db_error(const std::string& message, int code);
  int code() const noexcept { return code_; }

 private:
  int code_;
};

// The outcome of a statement run inside the store: a SQLite extended result code (the
// PostgreSQL backend maps its SQLSTATE onto the nearest one and names it in the message)
// and the backend's message. ok() for SQLITE_OK, SQLITE_ROW and SQLITE_DONE.
struct status {
  int code = 0;
  std::string message;
  bool ok() const noexcept;
  // Two writers raced (unique violation, serialization failure, deadlock, lock timeout):
  // running the same work again in a new transaction can succeed.
  bool conflict() const noexcept;
};

// Where SQLite's own log (SQLITE_CONFIG_LOG) and PostgreSQL's warnings go: (code,
// message). Must be set before the first database is opened; the default writes
// "sqlite: …" lines to stderr.
using log_handler = std::function<void(int, std::string_view)>;
void set_log_handler(log_handler handler);
void log_message(int code, std::string_view message);

enum class open_mode { read_write_create, read_only };

class statement;

class database {
 public:
  // Opens `target` (db/dialect.hpp says which backend): a SQLite file is created if
  // missing (":memory:" works) with extended result codes, WAL, foreign keys and a busy
  // wait of at most busy_timeout_ms (announced in the log after a second; a file it cannot
  // write, or one that is not a database, is refused untouched unless mode is read_only);
  // a PostgreSQL URI connects with lock_timeout = busy_timeout_ms. Throws db_error.
  explicit database(const std::string& target, open_mode mode = open_mode::read_write_create,
                    int busy_timeout_ms = 5000);
  ~database();
  database(database&& other) noexcept;
  database& operator=(database&&) = delete;
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  db::dialect dialect() const noexcept { return dialect_; }
  // `interrupted` (may be empty) is asked during every busy wait; true ends the wait at
  // once with SQLITE_BUSY (a stop signal must not wait for the timeout).
  void set_busy_interrupt(std::function<bool()> interrupted);
  // The SQLite connection (REGEXP registration, tests); nullptr on PostgreSQL.
  sqlite3* handle() const noexcept;
  // The target as given, with any password in a URI masked (safe for messages).
  const std::string& path() const noexcept { return path_; }
  // Runs one or more statements without results (translated for the backend).
  status exec(std::string_view sql) noexcept;
  // The same, throwing db_error (schema and pragmas at open time).
  void exec_or_throw(std::string_view sql);
  // The schema version (SQLite: PRAGMA user_version; PostgreSQL: iotprobe_schema_version).
  int user_version();
  void set_user_version(int version);
  // Inside a migration's transaction: makes concurrent openers wait for one another.
  void lock_schema();
  std::int64_t last_insert_rowid();
  int changes() const noexcept;
  status last_status() const;
  detail::connection& backend() const noexcept { return *conn_; }

 private:
  std::unique_ptr<detail::connection> conn_;
  db::dialect dialect_ = db::dialect::sqlite;
  std::string path_;
};

class cursor;

// A prepared statement, compiled once (throws db_error when the SQL is wrong: a bug, found
// at open time). Use it through a cursor, which binds, steps and resets.
class statement {
 public:
  statement(database& db, std::string_view sql);
  ~statement();
  statement(statement&& other) noexcept;
  statement& operator=(statement&&) = delete;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  [[nodiscard]] cursor open();
  detail::prepared& backend() const noexcept { return *impl_; }

 private:
  std::unique_ptr<detail::prepared> impl_;
};

// One use of a statement: bind parameters (1-based), step through rows, read columns.
// Its destructor resets the statement and clears the bindings.
class cursor {
 public:
  explicit cursor(statement& stmt) noexcept : stmt_(&stmt) {}
  ~cursor();
  cursor(const cursor&) = delete;
  cursor& operator=(const cursor&) = delete;

  cursor& bind(int index, std::int64_t value);
  cursor& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  cursor& bind(int index, double value);
  cursor& bind(int index, std::string_view text);
  cursor& bind(int index, const char* text) { return bind(index, std::string_view{text}); }
  cursor& bind(int index, const std::string& text) { return bind(index, std::string_view{text}); }
  cursor& bind(int index, const std::optional<std::string>& text);
  cursor& bind_blob(int index, std::string_view bytes);
  cursor& bind_null(int index);

  // true while a row is available; false at the end or on error (see result()).
  bool next();
  // Steps to completion (INSERT/UPDATE); returns the final status.
  status run();
  const status& result() const noexcept { return status_; }

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::string> opt_text(int column) const;

 private:
  void note_bind(const status& s);
  statement* stmt_;
  status status_;
  bool bind_failed_ = false;
};

// Opens a write transaction (SQLite: BEGIN IMMEDIATE, taking the write lock now and
// waiting up to busy_timeout; PostgreSQL: BEGIN, read committed); ROLLBACK in the
// destructor unless commit() succeeded. Nested use goes through savepoint.
class transaction {
 public:
  explicit transaction(database& db);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  const status& begun() const noexcept { return begin_; }
  status commit();

 private:
  database& db_;
  status begin_;
  bool open_ = false;
};

// SAVEPOINT on construction; ROLLBACK TO + RELEASE in the destructor unless released.
// Lets one host's writes fail alone inside a batch transaction.
class savepoint {
 public:
  savepoint(database& db, std::string name);
  ~savepoint();
  savepoint(const savepoint&) = delete;
  savepoint& operator=(const savepoint&) = delete;
  const status& begun() const noexcept { return begin_; }
  status release();

 private:
  database& db_;
  std::string name_;
  status begin_;
  bool open_ = false;
};

}  // namespace iotprobe::db
