// SQL REGEXP(pattern, text) backed by PCRE2 with JIT: `x REGEXP p` calls regexp(p, x).
// The compiled pattern is cached per statement with sqlite3_set_auxdata; C callback, so
// nothing in here throws. Every match runs under PCRE2's match and depth limits: a user's
// pattern on a device's string can backtrack catastrophically, and a lookup must end.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "db/schema.hpp"
#include "parsers/core/regex_limits.hpp"

#include <pcre2.h>
#include <sqlite3.h>

#include <string>

namespace iotprobe::db {
namespace {

struct compiled {
  pcre2_code* code = nullptr;
  pcre2_match_data* match = nullptr;
};

// The fingerprint engine's bounds. Read-only once built.
pcre2_match_context* bounded_context() {
  static pcre2_match_context* const context = [] {
    pcre2_match_context* c = pcre2_match_context_create(nullptr);
    if (c) {
      pcre2_set_match_limit(c, parsers::regex_match_limit);
      pcre2_set_depth_limit(c, parsers::regex_depth_limit);
    }
    return c;
  }();
  return context;
}

// 1/0 for a match or not; an SQL error when a limit stopped the match, so the lookup says
// why instead of silently missing rows.
void set_match_result(sqlite3_context* ctx, int rc) {
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
      rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
    sqlite3_result_error(ctx, "REGEXP: the pattern hit PCRE2's match limit on a stored value "
                              "(catastrophic backtracking); simplify the pattern", -1);
    return;
  }
  sqlite3_result_int(ctx, rc >= 0 ? 1 : 0);
}

extern "C" void free_compiled(void* p) {
  auto* c = static_cast<compiled*>(p);
  if (c->match) pcre2_match_data_free(c->match);
  if (c->code) pcre2_code_free(c->code);
  delete c;
}

compiled* compile(sqlite3_context* ctx, sqlite3_value* pattern_value) {
  const auto* pattern = sqlite3_value_text(pattern_value);
  const int length = sqlite3_value_bytes(pattern_value);
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(pattern, static_cast<PCRE2_SIZE>(length),
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error, &offset, nullptr);
  if (!code) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error, buffer, sizeof buffer);
    const std::string message = "REGEXP: " + std::string(reinterpret_cast<char*>(buffer)) +
                                " at offset " + std::to_string(offset);
    sqlite3_result_error(ctx, message.c_str(), -1);
    return nullptr;
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter on failure
  auto* c = new (std::nothrow) compiled{code, pcre2_match_data_create_from_pattern(code, nullptr)};
  if (!c || !c->match) {
    if (c) free_compiled(c); else pcre2_code_free(code);
    sqlite3_result_error_nomem(ctx);
    return nullptr;
  }
  return c;
}

extern "C" void regexp_function(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  auto* c = static_cast<compiled*>(sqlite3_get_auxdata(ctx, 0));
  if (!c) {
    c = compile(ctx, argv[0]);
    if (!c) return;
    sqlite3_set_auxdata(ctx, 0, c, free_compiled);
    c = static_cast<compiled*>(sqlite3_get_auxdata(ctx, 0));  // set_auxdata may free it
    if (!c) {
      c = compile(ctx, argv[0]);
      if (!c) return;
      const unsigned char* text = sqlite3_value_text(argv[1]);
      const int rc = pcre2_match(c->code, text, static_cast<PCRE2_SIZE>(sqlite3_value_bytes(argv[1])),
                                 0, 0, c->match, bounded_context());
      free_compiled(c);
      set_match_result(ctx, rc);
      return;
    }
  }
  const unsigned char* text = sqlite3_value_text(argv[1]);
  const int rc = pcre2_match(c->code, text, static_cast<PCRE2_SIZE>(sqlite3_value_bytes(argv[1])),
                             0, 0, c->match, bounded_context());
  set_match_result(ctx, rc);
}

}  // namespace

void register_regexp(database& db) {
  if (db.dialect() != dialect::sqlite) return;  // PostgreSQL has `~` (db/dialect.hpp)
  const int rc = sqlite3_create_function_v2(db.handle(), "regexp", 2,
                                            SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                            regexp_function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw db_error("cannot register REGEXP", rc);
}

}  // namespace iotprobe::db
