// Internal to db/: what a backend (SQLite in sqlite.cpp, libpq in postgres.cpp) provides
// behind database/statement/cursor. Only database.cpp and the two backends include it.
// Nothing here throws once a connection is open, except prepare (a bad statement is a bug).
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace iotprobe::db::detail {

// One compiled statement and, while a cursor uses it, its bindings and current row.
class prepared {
 public:
  virtual ~prepared() = default;
  virtual status bind_int(int index, std::int64_t value) = 0;
  virtual status bind_real(int index, double value) = 0;
  virtual status bind_text(int index, std::string_view text) = 0;
  virtual status bind_blob(int index, std::string_view bytes) = 0;
  virtual status bind_null(int index) = 0;
  // Advances to the next row: true with a row; false at the end (status ok) or on error.
  virtual bool step(status& out) = 0;
  // Forgets the bindings and the result, ready for the next cursor.
  virtual void reset() noexcept = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
};

class connection {
 public:
  virtual ~connection() = default;
  virtual status exec(std::string_view sql) noexcept = 0;
  // Throws db_error naming the SQL when it does not compile.
  virtual std::unique_ptr<prepared> prepare(std::string_view sql) = 0;
  virtual std::string_view begin_sql() const noexcept = 0;
  virtual int user_version() = 0;
  virtual status set_user_version(int version) = 0;
  virtual status lock_schema() = 0;
  virtual std::int64_t last_insert_rowid() = 0;
  virtual int changes() const noexcept = 0;
  virtual status last_status() const = 0;
  virtual sqlite3* sqlite_handle() const noexcept { return nullptr; }
  // Asked during every lock wait; true ends it at once (SQLite's busy wait; PostgreSQL
  // waits under lock_timeout and ignores it).
  virtual void set_busy_interrupt(std::function<bool()> /*interrupted*/) {}
  // False when the backend has already ended the transaction itself (SQLite rolls back on
  // SQLITE_FULL and some I/O errors): then there is nothing left to roll back.
  virtual bool in_transaction() const noexcept { return true; }
};

std::unique_ptr<connection> open_sqlite(const db_target& target, const std::string& shown,
                                        open_mode mode, int busy_timeout_ms);
std::unique_ptr<connection> open_postgres(const db_target& target, const std::string& shown,
                                          open_mode mode, int busy_timeout_ms);

}  // namespace iotprobe::db::detail
