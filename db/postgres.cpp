// The PostgreSQL backend behind db/sqlite.hpp, over libpq: one connection, server-side
// prepared statements with untyped text parameters (the server infers each type from
// its use) and bytea in binary. Text results; booleans read as 1/0 and bytea is decoded,
// so callers read columns exactly as they do from SQLite. No exception crosses libpq.
#include "db/backend.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace iotprobe::db::detail {
namespace {

constexpr Oid bytea_oid = 17;
constexpr std::int64_t schema_lock_key = 0x10770b5c;  // pg_advisory_xact_lock key of migrate()

// The SQLite extended code nearest to a SQLSTATE, so callers test one code space.
int code_of(std::string_view state) {
  if (state == "23505") return SQLITE_CONSTRAINT_UNIQUE;
  if (state == "23503") return SQLITE_CONSTRAINT_FOREIGNKEY;
  if (state == "23502") return SQLITE_CONSTRAINT_NOTNULL;
  if (state == "23514") return SQLITE_CONSTRAINT_CHECK;
  if (state.starts_with("23")) return SQLITE_CONSTRAINT;
  if (state == "40001" || state == "40P01" || state == "55P03") return SQLITE_BUSY;
  if (state == "57014") return SQLITE_INTERRUPT;
  if (state == "25P02") return SQLITE_ABORT;
  return SQLITE_ERROR;
}

std::string trimmed(const char* message) {
  std::string out = message ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// The status of one result (consumed: the caller still clears it).
status status_of(PGconn* conn, const PGresult* r) {
  if (!r) return {SQLITE_IOERR, trimmed(PQerrorMessage(conn))};
  switch (PQresultStatus(r)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return {};
    default: {
      const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      return {code_of(state ? state : ""),
              fmt::format("{} [SQLSTATE {}]", trimmed(PQresultErrorMessage(r)), state ? state : "?")};
    }
  }
}

// The highest $n outside quoted text: the statement's parameter count, as the server
// counts it (saves asking it with PQdescribePrepared, a round trip per statement).
int highest_parameter(std::string_view sql) {
  int highest = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (quote) {
      if (sql[i] == quote) quote = 0;
    } else if (sql[i] == '\'' || sql[i] == '"') {
      quote = sql[i];
    } else if (sql[i] == '$') {
      int n = 0;
      while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') n = n * 10 + (sql[++i] - '0');
      highest = std::max(highest, n);
    }
  }
  return highest;
}

// libpq calls this from its own frames: catch everything. Notices below WARNING are
// already filtered by client_min_messages.
extern "C" void notice_processor(void*, const char* message) {
  try {
    log_message(0, trimmed(message));
  } catch (...) {
  }
}

struct result_deleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

class pg_connection;

class pg_prepared final : public prepared {
 public:
  pg_prepared(pg_connection& conn, std::string name, int params)
      : conn_(conn), name_(std::move(name)), values_(static_cast<std::size_t>(params)),
        set_(values_.size(), false), binary_(values_.size(), 0) {}
  ~pg_prepared() override;
  pg_prepared(const pg_prepared&) = delete;
  pg_prepared& operator=(const pg_prepared&) = delete;

  status bind_int(int i, std::int64_t v) override { return put(i, std::to_string(v), false); }
  status bind_real(int i, double v) override { return put(i, fmt::format("{}", v), false); }
  status bind_text(int i, std::string_view t) override { return put(i, postgres_text(t), false); }
  status bind_blob(int i, std::string_view b) override { return put(i, std::string(b), true); }
  status bind_null(int i) override {
    if (const status s = in_range(i); !s.ok()) return s;
    set_[static_cast<std::size_t>(i - 1)] = false;
    return {};
  }
  bool step(status& out) override;
  void reset() noexcept override {
    result_.reset();
    executed_ = false;
    std::fill(set_.begin(), set_.end(), false);
  }
  bool is_null(int c) const override { return !has(c) || PQgetisnull(result_.get(), row_, c); }
  std::int64_t int64(int c) const override {
    if (is_null(c)) return 0;
    const char* v = PQgetvalue(result_.get(), row_, c);
    if (v[0] == 't' && v[1] == 0) return 1;  // boolean expressions read as SQLite's 1/0
    if (v[0] == 'f' && v[1] == 0) return 0;
    return std::strtoll(v, nullptr, 10);
  }
  double real(int c) const override { return is_null(c) ? 0 : std::strtod(PQgetvalue(result_.get(), row_, c), nullptr); }
  std::string text(int c) const override;

 private:
  status in_range(int i) const {
    if (i >= 1 && static_cast<std::size_t>(i) <= values_.size()) return {};
    return {SQLITE_RANGE, fmt::format("bind index {} out of range (the statement has {})", i, values_.size())};
  }
  status put(int i, std::string value, bool binary) {
    if (const status s = in_range(i); !s.ok()) return s;
    const auto k = static_cast<std::size_t>(i - 1);
    values_[k] = std::move(value);
    set_[k] = true;
    binary_[k] = binary ? 1 : 0;
    return {};
  }
  bool has(int c) const { return result_ && row_ >= 0 && row_ < rows_ && c >= 0 && c < PQnfields(result_.get()); }

  pg_connection& conn_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> set_;
  std::vector<int> binary_;
  result_ptr result_;
  bool executed_ = false;
  int row_ = -1, rows_ = 0;
};

class pg_connection final : public connection {
 public:
  pg_connection(const db_target& target, const std::string& shown, open_mode mode, int busy_timeout_ms);
  ~pg_connection() override { PQfinish(conn_); }
  pg_connection(const pg_connection&) = delete;
  pg_connection& operator=(const pg_connection&) = delete;

  status exec(std::string_view sql) noexcept override;
  std::unique_ptr<prepared> prepare(std::string_view sql) override;
  std::string_view begin_sql() const noexcept override { return "BEGIN"; }
  int user_version() override;
  status set_user_version(int version) override {
    return exec(fmt::format("DELETE FROM iotprobe_schema_version; "
                            "INSERT INTO iotprobe_schema_version(version) VALUES({})", version));
  }
  status lock_schema() override {
    return exec(fmt::format("SELECT pg_advisory_xact_lock({}); CREATE TABLE IF NOT EXISTS "
                            "iotprobe_schema_version(version INTEGER NOT NULL)", schema_lock_key));
  }
  std::int64_t last_insert_rowid() override {
    result_ptr r{PQexec(conn_, "SELECT lastval()")};
    if (!status_of(conn_, r.get()).ok() || PQntuples(r.get()) != 1) return 0;
    return std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10);
  }
  int changes() const noexcept override { return changes_; }
  status last_status() const override { return last_; }
  bool in_transaction() const noexcept override {
    const PGTransactionStatusType t = PQtransactionStatus(conn_);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
  }

  PGconn* raw() const noexcept { return conn_; }
  // Records the outcome of a command for changes() and last_status().
  void note(const status& s, const PGresult* r) {
    last_ = s;
    if (r && s.ok()) changes_ = std::atoi(PQcmdTuples(const_cast<PGresult*>(r)));
  }

 private:
  PGconn* conn_ = nullptr;
  int changes_ = 0;
  int names_ = 0;
  status last_;
};

pg_prepared::~pg_prepared() {
  // Outside a failed transaction this frees the server's copy; inside one it fails
  // harmlessly and the statement lives until the session ends.
  PQclear(PQexec(conn_.raw(), ("DEALLOCATE " + name_).c_str()));
}

bool pg_prepared::step(status& out) {
  if (!executed_) {
    executed_ = true;
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t k = 0; k < values_.size(); ++k) {
      values[k] = set_[k] ? values_[k].c_str() : nullptr;
      lengths[k] = static_cast<int>(values_[k].size());
    }
    result_.reset(PQexecPrepared(conn_.raw(), name_.c_str(), static_cast<int>(values.size()),
                                 values.data(), lengths.data(), binary_.data(), 0));
    out = status_of(conn_.raw(), result_.get());
    conn_.note(out, result_.get());
    if (!out.ok()) {
      result_.reset();
      return false;
    }
    rows_ = PQresultStatus(result_.get()) == PGRES_TUPLES_OK ? PQntuples(result_.get()) : 0;
    row_ = -1;
  }
  if (!result_) return false;
  if (++row_ < rows_) {
    out = {SQLITE_ROW, {}};
    return true;
  }
  out = {SQLITE_DONE, {}};
  return false;
}

std::string pg_prepared::text(int c) const {
  if (is_null(c)) return {};
  const char* v = PQgetvalue(result_.get(), row_, c);
  const auto n = static_cast<std::size_t>(PQgetlength(result_.get(), row_, c));
  if (PQftype(result_.get(), c) != bytea_oid) return std::string(v, n);
  std::size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &length);
  std::string out = bytes ? std::string(reinterpret_cast<const char*>(bytes), length) : std::string{};
  PQfreemem(bytes);
  return out;
}

pg_connection::pg_connection(const db_target& target, const std::string& shown, open_mode mode,
                             int busy_timeout_ms)
    : conn_(PQconnectdb(target.location.c_str())) {
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    throw db_error(fmt::format("cannot open database {}: {}", shown, message), SQLITE_CANTOPEN);
  }
  PQsetNoticeProcessor(conn_, notice_processor, nullptr);
  // lock_timeout is SQLite's busy timeout: a writer waits this long for another's row lock.
  const status s = exec(fmt::format(
      "SET client_encoding = 'UTF8'; SET client_min_messages = warning; SET lock_timeout = {}; "
      "SET default_transaction_read_only = {}",
      busy_timeout_ms, mode == open_mode::read_only ? "on" : "off"));
  if (!s.ok()) {
    PQfinish(conn_);
    throw db_error(fmt::format("cannot set up database {}: {}", shown, s.message), s.code);
  }
}

status pg_connection::exec(std::string_view sql) noexcept {
  try {
    result_ptr r{PQexec(conn_, std::string(sql).c_str())};
    status s = status_of(conn_, r.get());
    // COMMIT of a transaction an error already aborted answers "ROLLBACK": nothing was kept.
    if (s.ok() && sql == "COMMIT" && std::strcmp(PQcmdStatus(r.get()), "ROLLBACK") == 0)
      s = {SQLITE_ABORT, "COMMIT rolled back: an earlier statement of the transaction failed"};
    note(s, r.get());
    return s;
  } catch (...) {
    return {SQLITE_NOMEM, "out of memory"};
  }
}

std::unique_ptr<prepared> pg_connection::prepare(std::string_view sql) {
  const std::string name = fmt::format("iotprobe_{}", ++names_);
  const std::string text(sql);
  result_ptr r{PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr)};
  const status s = status_of(conn_, r.get());
  if (!s.ok()) throw db_error(fmt::format("cannot prepare [{}]: {}", sql, s.message), s.code);
  return std::make_unique<pg_prepared>(*this, name, highest_parameter(sql));
}

int pg_connection::user_version() {
  result_ptr r{PQexec(conn_, "SELECT to_regclass('iotprobe_schema_version') IS NULL")};
  if (!status_of(conn_, r.get()).ok() || PQgetvalue(r.get(), 0, 0)[0] == 't') return 0;
  r.reset(PQexec(conn_, "SELECT coalesce(max(version), 0) FROM iotprobe_schema_version"));
  return status_of(conn_, r.get()).ok() ? std::atoi(PQgetvalue(r.get(), 0, 0)) : 0;
}

}  // namespace

std::unique_ptr<connection> open_postgres(const db_target& target, const std::string& shown,
                                          open_mode mode, int busy_timeout_ms) {
  return std::make_unique<pg_connection>(target, shown, mode, busy_timeout_ms);
}

}  // namespace iotprobe::db::detail
