// The sqlite3 RAII wrappers. The log callback is installed once, before the first
// connection, and never lets an exception reach SQLite's C frames.
#include "db/sqlite.hpp"

#include "db/busy_wait.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdio>
#include <mutex>
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

// SQLite calls this from inside its own frames: catch everything.
extern "C" void sqlite_log_callback(void*, int code, const char* message) {
  try {
    // Routine, not trouble: WAL recovery notices, busy retries, and SQLITE_SCHEMA (a
    // statement re-prepared itself after ANALYZE or a migration in another connection).
    const int primary = code & 0xff;
    if (primary == SQLITE_NOTICE || primary == SQLITE_BUSY || primary == SQLITE_SCHEMA) return;
    handler_slot()(code, message ? std::string_view{message} : std::string_view{});
  } catch (...) {
  }
}

void install_logger_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log_callback, nullptr); });
}

status status_of(sqlite3* db, int rc) {
  status s;
  s.code = rc;
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
    s.message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  }
  return s;
}

}  // namespace

db_error::db_error(const std::string& message, int code)
    : std::runtime_error(message), code_(code) {}

bool status::ok() const noexcept {
  return code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE;
}

void set_log_handler(log_handler handler) { handler_slot() = std::move(handler); }

database::database(const std::string& path, open_mode mode, int busy_timeout_ms) : path_(path) {
  install_logger_once();
  const int flags = mode == open_mode::read_only
                        ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw db_error(fmt::format("cannot open database {}: {}", path, message), rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  busy_ = std::make_unique<busy_wait>(busy_wait{path, std::chrono::milliseconds(busy_timeout_ms), {}});
  install_busy_wait(db_, *busy_);
  try {
    prepare_connection(mode);
  } catch (...) {
    sqlite3_close_v2(std::exchange(db_, nullptr));
    throw;
  }
}

// Refuses a file it cannot write (SQLite would silently open it read-only) and one that
// is not a database, before anything is written; then the connection's pragmas.
void database::prepare_connection(open_mode mode) {
  if (mode != open_mode::read_only && sqlite3_db_readonly(db_, "main") == 1) {
    throw db_error(fmt::format("cannot open database {} for writing: the file or its folder "
                               "is read-only (check permissions and free space)", path_),
                   SQLITE_READONLY);
  }
  const status header = exec("SELECT count(*) FROM sqlite_schema");
  if (!header.ok()) {
    throw db_error(fmt::format("cannot open database {}: {} (code {}); the file was left as it is",
                               path_, header.message, header.code),
                   header.code);
  }
  if (path_ != ":memory:" && !path_.empty() && mode != open_mode::read_only) {
    // WAL lets lookups read while one batch writes; NORMAL sync is durable in WAL mode
    // against process death (kill -9), which is the failure the resume contract covers.
    exec_or_throw("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  }
  exec_or_throw("PRAGMA foreign_keys=ON;");
}

database::~database() {
  if (db_) sqlite3_close_v2(db_);
}

database::database(database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), busy_(std::move(other.busy_)) {}

void database::set_busy_interrupt(std::function<bool()> interrupted) {
  busy_->interrupted = std::move(interrupted);
}

status database::exec(std::string_view sql) noexcept {
  std::string text{sql};
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  status s;
  s.code = rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(db_);
  if (error) {
    s.message = error;
    sqlite3_free(error);
  }
  return s;
}

void database::exec_or_throw(std::string_view sql) {
  const status s = exec(sql);
  if (!s.ok()) {
    throw db_error(fmt::format("{}: {} (code {}) in: {}", path_, s.message, s.code, sql), s.code);
  }
}

int database::user_version() {
  statement stmt{*this, "PRAGMA user_version"};
  cursor c = stmt.open();
  return c.next() ? static_cast<int>(c.int64(0)) : 0;
}

std::int64_t database::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }

int database::changes() const noexcept { return sqlite3_changes(db_); }

status database::last_status() const { return status_of(db_, sqlite3_extended_errcode(db_)); }

statement::statement(database& db, std::string_view sql) : db_(db.handle()) {
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    throw db_error(fmt::format("cannot prepare [{}]: {} (code {})", sql, sqlite3_errmsg(db_),
                               sqlite3_extended_errcode(db_)),
                   rc);
  }
}

statement::~statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

statement::statement(statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

cursor statement::open() { return cursor{*this}; }

cursor::~cursor() {
  sqlite3_reset(stmt_->handle());
  sqlite3_clear_bindings(stmt_->handle());
}

void cursor::note_bind(int rc) {
  if (rc != SQLITE_OK && !bind_failed_) {
    bind_failed_ = true;
    status_ = status_of(stmt_->db_handle(), rc);
  }
}

cursor& cursor::bind(int index, std::int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_->handle(), index, value));
  return *this;
}

cursor& cursor::bind(int index, double value) {
  note_bind(sqlite3_bind_double(stmt_->handle(), index, value));
  return *this;
}

cursor& cursor::bind(int index, std::string_view text) {
  note_bind(sqlite3_bind_text64(stmt_->handle(), index, text.data(), text.size(),
                                SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

cursor& cursor::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view{*text}) : bind_null(index);
}

cursor& cursor::bind_blob(int index, std::string_view bytes) {
  note_bind(sqlite3_bind_blob64(stmt_->handle(), index, bytes.data(), bytes.size(),
                                SQLITE_TRANSIENT));
  return *this;
}

cursor& cursor::bind_null(int index) {
  note_bind(sqlite3_bind_null(stmt_->handle(), index));
  return *this;
}

bool cursor::next() {
  if (bind_failed_) return false;
  const int rc = sqlite3_step(stmt_->handle());
  if (rc == SQLITE_ROW) {
    status_.code = rc;
    return true;
  }
  status_ = status_of(stmt_->db_handle(), rc == SQLITE_DONE ? rc : sqlite3_extended_errcode(stmt_->db_handle()));
  return false;
}

status cursor::run() {
  while (next()) {
  }
  return status_;
}

bool cursor::is_null(int column) const {
  return sqlite3_column_type(stmt_->handle(), column) == SQLITE_NULL;
}

std::int64_t cursor::int64(int column) const { return sqlite3_column_int64(stmt_->handle(), column); }

double cursor::real(int column) const { return sqlite3_column_double(stmt_->handle(), column); }

std::string cursor::text(int column) const {
  const auto* p = sqlite3_column_blob(stmt_->handle(), column);
  const int n = sqlite3_column_bytes(stmt_->handle(), column);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string{};
}

std::optional<std::string> cursor::opt_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

transaction::transaction(database& db) : db_(db) {
  begin_ = db_.exec("BEGIN IMMEDIATE");
  open_ = begin_.ok();
}

transaction::~transaction() {
  // SQLite may have rolled back already (SQLITE_FULL, SQLITE_IOERR): then there is none.
  if (open_ && sqlite3_get_autocommit(db_.handle()) == 0) db_.exec("ROLLBACK");
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
  if (open_ && sqlite3_get_autocommit(db_.handle()) == 0) {  // else SQLite rolled back all
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
