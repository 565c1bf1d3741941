// Which backend a --db value names, and the SQL dialect differences between SQLite and
// PostgreSQL (the table is docs/database.md). All SQL in db/ is written once, in SQLite's
// dialect; to_postgres rewrites it mechanically. Pure functions: no connection, no I/O.
// Never edits SQL it does not understand silently: what it cannot translate throws.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace iotprobe::db {

enum class dialect { sqlite, postgres };

struct db_target {
  dialect kind = dialect::sqlite;
  std::string location;  // SQLite: the path or file: URI; PostgreSQL: the libpq URI
  bool sqlite_uri = false;  // a file: URI (SQLITE_OPEN_URI)
};

// "postgresql://…" and "postgres://…" are PostgreSQL; "sqlite:PATH" is PATH; "file:…" is
// a SQLite URI; anything else is a SQLite path (":memory:" included).
db_target parse_target(std::string_view target);
// The target with a URI's password replaced by "***" (for messages and logs).
std::string masked_target(std::string_view target);

// SQL the translator refuses (an SQLite-only form with no mechanical equivalent).
class untranslatable : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Rewrites statements in SQLite's dialect for PostgreSQL: ?N → $N, REGEXP → ~, INSERT OR
// IGNORE → ON CONFLICT DO NOTHING, scalar min/max → LEAST/GREATEST, group_concat →
// string_agg, date(x, '±N day') → to_char(date), json_each → json_array_elements_text,
// PRAGMA statements dropped. Throws untranslatable for INSERT OR REPLACE.
std::string to_postgres(std::string_view sql);
// The same for migration DDL, plus column types: `id INTEGER PRIMARY KEY` → identity,
// INTEGER → BIGINT, REAL → DOUBLE PRECISION, BLOB → BYTEA, WITHOUT ROWID dropped.
std::string schema_to_postgres(std::string_view ddl);

// PostgreSQL text holds valid UTF-8 without NUL; SQLite holds any bytes. Returns `bytes`
// with each invalid sequence and each NUL replaced by U+FFFD (unchanged when valid).
std::string postgres_text(std::string_view bytes);

}  // namespace iotprobe::db
