// The store's schema, versioned (SQLite: PRAGMA user_version; PostgreSQL: the table
// iotprobe_schema_version) and migrated forward in code, the same steps on both backends.
// Each migration runs in its own transaction and bumps the version by one; a database
// newer than this binary is refused. Throws db_error (open time is an edge).
#pragma once

#include "db/sqlite.hpp"

namespace iotprobe::db {

// The version this binary writes.
inline constexpr int schema_version = 8;

// Brings `db` to `target` (default: schema_version). Never downgrades: a database whose
// user_version is above schema_version throws db_error with an explanation.
void migrate(database& db, int target = schema_version);

// REGEXP(pattern, text) for SQL on SQLite, backed by PCRE2 (compiled once per statement
// via sqlite3_set_auxdata). A bad pattern makes the statement fail with its message.
// Nothing on PostgreSQL, where REGEXP is translated to its own `~` (POSIX ARE).
void register_regexp(database& db);

}  // namespace iotprobe::db
