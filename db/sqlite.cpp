// The SQLite backend behind db/sqlite.hpp: one sqlite3 connection and its prepared
// statements. The log callback is installed once, before the first connection, and never
// lets an exception reach SQLite's C frames.
#include "db/backend.hpp"
#include "db/busy_wait.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace iotprobe::db::detail {
namespace {

// SQLite calls this from inside its own frames: catch everything.
extern "C" void sqlite_log_callback(void*, int code, const char* message) {
  try {
    // Routine, not trouble: WAL recovery notices, busy retries, and SQLITE_SCHEMA (a
    // statement re-prepared itself after ANALYZE or a migration in another connection).
    const int primary = code & 0xff;
    if (primary == SQLITE_NOTICE || primary == SQLITE_BUSY || primary == SQLITE_SCHEMA) return;
    log_message(code, message ? std::string_view{message} : std::string_view{});
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

class sqlite_prepared final : public prepared {
 public:
  sqlite_prepared(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~sqlite_prepared() override { sqlite3_finalize(stmt_); }
  sqlite_prepared(const sqlite_prepared&) = delete;
  sqlite_prepared& operator=(const sqlite_prepared&) = delete;

  status bind_int(int i, std::int64_t v) override { return bound(sqlite3_bind_int64(stmt_, i, v)); }
  status bind_real(int i, double v) override { return bound(sqlite3_bind_double(stmt_, i, v)); }
  status bind_text(int i, std::string_view t) override {
    return bound(sqlite3_bind_text64(stmt_, i, t.data(), t.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  status bind_blob(int i, std::string_view b) override {
    return bound(sqlite3_bind_blob64(stmt_, i, b.data(), b.size(), SQLITE_TRANSIENT));
  }
  status bind_null(int i) override { return bound(sqlite3_bind_null(stmt_, i)); }

  bool step(status& out) override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
      out.code = rc;
      return true;
    }
    out = status_of(db_, rc == SQLITE_DONE ? rc : sqlite3_extended_errcode(db_));
    return false;
  }
  void reset() noexcept override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::int64_t int64(int c) const override { return sqlite3_column_int64(stmt_, c); }
  double real(int c) const override { return sqlite3_column_double(stmt_, c); }
  std::string text(int c) const override {
    const auto* p = sqlite3_column_blob(stmt_, c);
    const int n = sqlite3_column_bytes(stmt_, c);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string{};
  }

 private:
  status bound(int rc) const { return rc == SQLITE_OK ? status{} : status_of(db_, rc); }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class sqlite_connection final : public connection {
 public:
  sqlite_connection(const db_target& target, const std::string& shown, open_mode mode,
                    int busy_timeout_ms);
  ~sqlite_connection() override { sqlite3_close_v2(db_); }
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;

  status exec(std::string_view sql) noexcept override {
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
  std::unique_ptr<prepared> prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      throw db_error(fmt::format("cannot prepare [{}]: {} (code {})", sql, sqlite3_errmsg(db_),
                                 sqlite3_extended_errcode(db_)),
                     rc);
    }
    return std::make_unique<sqlite_prepared>(db_, stmt);
  }
  std::string_view begin_sql() const noexcept override { return "BEGIN IMMEDIATE"; }
  int user_version() override {
    auto p = prepare("PRAGMA user_version");
    status s;
    return p->step(s) ? static_cast<int>(p->int64(0)) : 0;
  }
  status set_user_version(int version) override {
    return exec(fmt::format("PRAGMA user_version = {}", version));
  }
  status lock_schema() override { return {}; }  // BEGIN IMMEDIATE already holds the writer
  std::int64_t last_insert_rowid() override { return sqlite3_last_insert_rowid(db_); }
  int changes() const noexcept override { return sqlite3_changes(db_); }
  status last_status() const override { return status_of(db_, sqlite3_extended_errcode(db_)); }
  sqlite3* sqlite_handle() const noexcept override { return db_; }
  void set_busy_interrupt(std::function<bool()> interrupted) override {
    busy_->interrupted = std::move(interrupted);
  }
  bool in_transaction() const noexcept override { return sqlite3_get_autocommit(db_) == 0; }

 private:
  void prepare_connection(const std::string& shown, open_mode mode, bool file);

  sqlite3* db_ = nullptr;
  std::unique_ptr<busy_wait> busy_;  // stable address: SQLite holds a pointer to it
};

sqlite_connection::sqlite_connection(const db_target& target, const std::string& shown,
                                     open_mode mode, int busy_timeout_ms) {
  install_logger_once();
  const int flags = (mode == open_mode::read_only ? SQLITE_OPEN_READONLY
                                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    (target.sqlite_uri ? SQLITE_OPEN_URI : 0);
  const std::string& path = target.location;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    throw db_error(fmt::format("cannot open database {}: {}", shown, message), rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  busy_ = std::make_unique<busy_wait>(busy_wait{shown, std::chrono::milliseconds(busy_timeout_ms), {}});
  install_busy_wait(db_, *busy_);
  try {
    prepare_connection(shown, mode, path != ":memory:" && !path.empty());
  } catch (...) {
    sqlite3_close_v2(std::exchange(db_, nullptr));
    throw;
  }
}

// Refuses a file it cannot write (SQLite would silently open it read-only) and one that
// is not a database, before anything is written; then the connection's pragmas.
void sqlite_connection::prepare_connection(const std::string& shown, open_mode mode, bool file) {
  if (mode != open_mode::read_only && sqlite3_db_readonly(db_, "main") == 1) {
    throw db_error(fmt::format("cannot open database {} for writing: the file or its folder "
                               "is read-only (check permissions and free space)", shown),
                   SQLITE_READONLY);
  }
  const status header = exec("SELECT count(*) FROM sqlite_schema");
  if (!header.ok()) {
    throw db_error(fmt::format("cannot open database {}: {} (code {}); the file was left as it is",
                               shown, header.message, header.code),
                   header.code);
  }
  const auto run = [&](std::string_view sql) {
    if (const status s = exec(sql); !s.ok())
      throw db_error(fmt::format("{}: {} (code {}) in: {}", shown, s.message, s.code, sql), s.code);
  };
  if (file && mode != open_mode::read_only) {
    // WAL lets lookups read while one batch writes; NORMAL sync is durable in WAL mode
    // against process death (kill -9), which is the failure the resume contract covers.
    run("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  }
  run("PRAGMA foreign_keys=ON;");
}

}  // namespace

std::unique_ptr<connection> open_sqlite(const db_target& target, const std::string& shown,
                                        open_mode mode, int busy_timeout_ms) {
  return std::make_unique<sqlite_connection>(target, shown, mode, busy_timeout_ms);
}

}  // namespace iotprobe::db::detail
