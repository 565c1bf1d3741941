// RAII over the sqlite3 C API: database (one connection), statement (prepared once, a
// cursor resets it on scope exit) and transaction (rolls back unless committed).
// Throws db_error only when opening, preparing or migrating (the edge); everything that
// runs per host returns a status value instead. No exception crosses a SQLite callback.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace iotprobe::db {

// A failure at the edge (open, prepare, migrate): the message names the SQL and the
// extended result code.
class db_error : public std::runtime_error {
 public:
  db_error(const std::string& message, int code);
  int code() const noexcept { return code_; }

 private:
  int code_;
};

// The outcome of a statement run inside the store: an extended result code and SQLite's
// message. ok() for SQLITE_OK, SQLITE_ROW and SQLITE_DONE.
struct status {
  int code = 0;
  std::string message;
  bool ok() const noexcept;
};

// Where SQLite's own log (SQLITE_CONFIG_LOG) goes: (extended code, message). Must be set
// before the first database is opened; the default writes "sqlite: …" lines to stderr.
using log_handler = std::function<void(int, std::string_view)>;
void set_log_handler(log_handler handler);

enum class open_mode { read_write_create, read_only };

class statement;
struct busy_wait;

class database {
 public:
  // Opens (and creates) `path`; ":memory:" works. Enables extended result codes, WAL
  // (for files), foreign keys and a busy wait of at most busy_timeout_ms (announced in the
  // log after a second). A read-only file is refused unless mode is read_only. Throws
  // db_error.
  explicit database(const std::string& path, open_mode mode = open_mode::read_write_create,
                    int busy_timeout_ms = 5000);
  ~database();
  database(database&& other) noexcept;
  database& operator=(database&&) = delete;
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  // `interrupted` (may be empty) is asked during every busy wait; true ends the wait at
  // once with SQLITE_BUSY (a stop signal must not wait for the timeout).
  void set_busy_interrupt(std::function<bool()> interrupted);
  sqlite3* handle() const noexcept { return db_; }
  const std::string& path() const noexcept { return path_; }
  // Runs one or more statements without results; returns the status.
  status exec(std::string_view sql) noexcept;
  // The same, throwing db_error (schema and pragmas at open time).
  void exec_or_throw(std::string_view sql);
  // PRAGMA user_version.
  int user_version();
  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;
  status last_status() const;

 private:
  void prepare_connection(open_mode mode);

  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<busy_wait> busy_;  // stable address: SQLite holds a pointer to it
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
  sqlite3_stmt* handle() const noexcept { return stmt_; }
  sqlite3* db_handle() const noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
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
  void note_bind(int rc);
  statement* stmt_;
  status status_;
  bool bind_failed_ = false;
};

// BEGIN IMMEDIATE (takes the write lock now, waiting up to busy_timeout) on construction;
// ROLLBACK in the destructor unless commit() succeeded. Nested use goes through savepoint.
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
