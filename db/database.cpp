// The backend-neutral façade of db/sqlite.hpp: it picks the backend from the target
// string, translates SQL for PostgreSQL once per statement, and keeps the cursor,
// transaction and savepoint contracts the same on both backends.
#include "db/backend.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdio>
#include <utility>

namespace iotprobe::db {
namespace {

log_handler& handler_slot() {
  static log_handler handler = [](int code, std::string_view message) {
    std::fprintf(stderr, "sqlite: (%d) %.*s\n", code, static_cast<int>(message.size()),
                 message.data());
  };
  return handler;
}

std::string for_backend(dialect d, std::string_view sql) {
  if (d == dialect::sqlite) return std::string(sql);
  try {
    return to_postgres(sql);
  } catch (const untranslatable& e) {
    throw db_error(e.what(), SQLITE_ERROR);
  }
}

}  // namespace

db_error::db_error(const std::string& message, int code)
    : std::runtime_error(message), code_(code) {}

bool status::ok() const noexcept {
  return code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE;
}

bool status::conflict() const noexcept {
  const int primary = code & 0xff;
  return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
         primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

void set_log_handler(log_handler handler) { handler_slot() = std::move(handler); }

void log_message(int code, std::string_view message) { handler_slot()(code, message); }

database::database(const std::string& target, open_mode mode, int busy_timeout_ms)
    : path_(masked_target(target)) {
  const db_target t = parse_target(target);
  dialect_ = t.kind;
  conn_ = t.kind == dialect::postgres ? detail::open_postgres(t, path_, mode, busy_timeout_ms)
                                      : detail::open_sqlite(t, path_, mode, busy_timeout_ms);
}

database::~database() = default;

database::database(database&& other) noexcept
    : conn_(std::move(other.conn_)), dialect_(other.dialect_), path_(std::move(other.path_)) {}

sqlite3* database::handle() const noexcept { return conn_->sqlite_handle(); }

void database::set_busy_interrupt(std::function<bool()> interrupted) {
  conn_->set_busy_interrupt(std::move(interrupted));
}

status database::exec(std::string_view sql) noexcept {
  try {
    return conn_->exec(for_backend(dialect_, sql));
  } catch (const std::exception& e) {
    return {SQLITE_ERROR, e.what()};
  }
}

void database::exec_or_throw(std::string_view sql) {
  const status s = exec(sql);
  if (!s.ok()) {
    throw db_error(fmt::format("{}: {} (code {}) in: {}", path_, s.message, s.code, sql), s.code);
  }
}

int database::user_version() { return conn_->user_version(); }

void database::set_user_version(int version) {
  const status s = conn_->set_user_version(version);
  if (!s.ok()) throw db_error(fmt::format("{}: cannot set the schema version: {}", path_, s.message), s.code);
}

void database::lock_schema() {
  const status s = conn_->lock_schema();
  if (!s.ok()) throw db_error(fmt::format("{}: cannot lock the schema: {}", path_, s.message), s.code);
}

std::int64_t database::last_insert_rowid() { return conn_->last_insert_rowid(); }

int database::changes() const noexcept { return conn_->changes(); }

status database::last_status() const { return conn_->last_status(); }

statement::statement(database& db, std::string_view sql)
    : impl_(db.backend().prepare(for_backend(db.dialect(), sql))) {}

statement::~statement() = default;

statement::statement(statement&& other) noexcept : impl_(std::move(other.impl_)) {}

cursor statement::open() { return cursor{*this}; }

cursor::~cursor() { stmt_->backend().reset(); }

void cursor::note_bind(const status& s) {
  if (!s.ok() && !bind_failed_) {
    bind_failed_ = true;
    status_ = s;
  }
}

cursor& cursor::bind(int index, std::int64_t value) {
  note_bind(stmt_->backend().bind_int(index, value));
  return *this;
}

cursor& cursor::bind(int index, double value) {
  note_bind(stmt_->backend().bind_real(index, value));
  return *this;
}

cursor& cursor::bind(int index, std::string_view text) {
  note_bind(stmt_->backend().bind_text(index, text));
  return *this;
}

cursor& cursor::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view{*text}) : bind_null(index);
}

cursor& cursor::bind_blob(int index, std::string_view bytes) {
  note_bind(stmt_->backend().bind_blob(index, bytes));
  return *this;
}

cursor& cursor::bind_null(int index) {
  note_bind(stmt_->backend().bind_null(index));
  return *this;
}

bool cursor::next() {
  if (bind_failed_) return false;
  return stmt_->backend().step(status_);
}

status cursor::run() {
  while (next()) {
  }
  return status_;
}

bool cursor::is_null(int column) const { return stmt_->backend().is_null(column); }

std::int64_t cursor::int64(int column) const { return stmt_->backend().int64(column); }

double cursor::real(int column) const { return stmt_->backend().real(column); }

std::string cursor::text(int column) const { return stmt_->backend().text(column); }

std::optional<std::string> cursor::opt_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

transaction::transaction(database& db) : db_(db) {
  begin_ = db_.exec(db_.backend().begin_sql());
  open_ = begin_.ok();
}

transaction::~transaction() {
  if (open_ && db_.backend().in_transaction()) db_.exec("ROLLBACK");
}

status transaction::commit() {
  if (!open_) return begin_.ok() ? status{SQLITE_MISUSE, "transaction already ended"} : begin_;
  status s = db_.exec("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

savepoint::savepoint(database& db, std::string name) : db_(db), name_(std::move(name)) {
  begin_ = db_.exec("SAVEPOINT " + name_);
  open_ = begin_.ok();
}

savepoint::~savepoint() {
  if (open_ && db_.backend().in_transaction()) {  // else the backend rolled back all
    db_.exec("ROLLBACK TO " + name_);
    db_.exec("RELEASE " + name_);
  }
}

status savepoint::release() {
  if (!open_) return begin_;
  status s = db_.exec("RELEASE " + name_);
  if (s.ok()) open_ = false;
  return s;
}

}  // namespace iotprobe::db
