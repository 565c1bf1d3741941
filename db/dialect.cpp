// The SQLite → PostgreSQL rewriter: one pass over the SQL text that copies quoted strings
// and comments verbatim and rewrites only the forms named in dialect.hpp. Function calls
// it rewrites are parsed to their closing parenthesis and their arguments translated too.
#include "db/dialect.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace iotprobe::db {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The end of the quoted string or comment starting at `i` (quotes double to escape).
std::size_t skip_quoted(std::string_view s, std::size_t i) {
  if (s[i] == '-') {
    const std::size_t nl = s.find('\n', i);
    return nl == std::string_view::npos ? s.size() : nl;
  }
  const char q = s[i];
  for (std::size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] != q) continue;
    if (j + 1 < s.size() && s[j + 1] == q) { ++j; continue; }
    return j + 1;
  }
  return s.size();
}

bool quote_or_comment(std::string_view s, std::size_t i) {
  return s[i] == '\'' || s[i] == '"' || (s[i] == '-' && i + 1 < s.size() && s[i + 1] == '-');
}

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// The next word at or after `i` (after blanks), upper-cased, and where it ends.
std::pair<std::string, std::size_t> next_word(std::string_view s, std::size_t i) {
  i = skip_space(s, i);
  std::size_t j = i;
  while (j < s.size() && ident_char(s[j])) ++j;
  return {upper(s.substr(i, j - i)), j};
}

struct call {
  std::vector<std::string_view> args;
  std::size_t end = 0;  // one past the closing parenthesis
};

// A parenthesised argument list starting at `i` (after blanks); nullopt when none.
std::optional<call> parse_call(std::string_view s, std::size_t i) {
  i = skip_space(s, i);
  if (i >= s.size() || s[i] != '(') return std::nullopt;
  call c;
  int depth = 0;
  std::size_t arg_start = i + 1;
  for (std::size_t j = i; j < s.size();) {
    if (quote_or_comment(s, j)) { j = skip_quoted(s, j); continue; }
    if (s[j] == '(') ++depth;
    if (s[j] == ')' && --depth == 0) {
      c.args.push_back(s.substr(arg_start, j - arg_start));
      c.end = j + 1;
      return c;
    }
    if (s[j] == ',' && depth == 1) {
      c.args.push_back(s.substr(arg_start, j - arg_start));
      arg_start = j + 1;
    }
    ++j;
  }
  throw untranslatable("unbalanced parentheses in: " + std::string(s));
}

// '+1 day', '-1 day' → "+ 1", "- 1"; nullopt for any other modifier.
std::optional<std::string> day_shift(std::string_view literal) {
  std::string t(literal);
  t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }), t.end());
  if (t.size() < 6 || t.front() != '\'' || t.back() != '\'') return std::nullopt;
  t = t.substr(1, t.size() - 2);
  if ((t[0] != '+' && t[0] != '-') || !(t.ends_with("day") || t.ends_with("days"))) return std::nullopt;
  const std::string n = t.substr(1, t.find('d') - 1);
  if (n.empty() || !std::all_of(n.begin(), n.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  return std::string(1, t[0]) + " " + n;
}

class translator {
 public:
  explicit translator(bool schema) : schema_(schema) {}
  std::string run(std::string_view s);

 private:
  std::string args(const call& c);
  // Rewrites the call of `word` at s[i..]; nullopt when `word` is not one it rewrites.
  std::optional<std::pair<std::string, std::size_t>> function(const std::string& word,
                                                              std::string_view s, std::size_t i);
  std::optional<std::pair<std::string, std::size_t>> keyword(const std::string& word,
                                                             std::string_view s, std::size_t i,
                                                             const std::string& out);
  bool schema_;
  int bare_params_ = 0;
  bool pending_ignore_ = false;
  int nesting_ = 0;
};

std::string translator::args(const call& c) {
  std::string out;
  for (auto a : c.args) {
    const std::size_t first = a.find_first_not_of(" \t\n");
    a.remove_prefix(first == std::string_view::npos ? a.size() : first);
    out += (out.empty() ? "" : ", ") + run(a);
  }
  return out;
}

std::optional<std::pair<std::string, std::size_t>> translator::function(
    const std::string& word, std::string_view s, std::size_t i) {
  static const std::vector<std::string> names{"MIN", "MAX", "GROUP_CONCAT", "DATE", "JSON_EACH", "INSTR"};
  if (std::find(names.begin(), names.end(), word) == names.end()) return std::nullopt;
  const auto c = parse_call(s, i);
  if (!c) return std::nullopt;
  const auto n = c->args.size();
  if ((word == "MIN" || word == "MAX") && n >= 2)
    return std::pair{std::string(word == "MIN" ? "LEAST(" : "GREATEST(") + args(*c) + ")", c->end};
  if (word == "GROUP_CONCAT")
    return std::pair{"string_agg(" + args(*c) + (n == 1 ? ", ','" : "") + ")", c->end};
  if (word == "JSON_EACH" && n == 1)
    return std::pair{"json_array_elements_text(CAST(" + run(c->args[0]) + " AS json))", c->end};
  if (word == "INSTR" && n == 2) return std::pair{"strpos(" + args(*c) + ")", c->end};
  if (word == "DATE") {
    const auto shift = n == 2 ? day_shift(c->args[1]) : std::optional<std::string>{""};
    if (n > 2 || !shift) throw untranslatable("date() modifier other than '±N day' in: " + std::string(s));
    return std::pair{"to_char(CAST(" + run(c->args[0]) + " AS date)" + (shift->empty() ? "" : " " + *shift) +
                         ", 'YYYY-MM-DD')",
                     c->end};
  }
  return std::nullopt;  // an aggregate min/max: as it is
}

std::optional<std::pair<std::string, std::size_t>> translator::keyword(
    const std::string& word, std::string_view s, std::size_t i, const std::string& out) {
  if (word == "REGEXP") return std::pair{std::string("~"), i};
  if (word == "INSERT") {
    const auto [w1, e1] = next_word(s, i);
    if (w1 != "OR") return std::nullopt;
    const auto [w2, e2] = next_word(s, e1);
    if (w2 == "REPLACE")
      throw untranslatable("INSERT OR REPLACE has no PostgreSQL form; write INSERT … ON CONFLICT(…) DO UPDATE: " +
                           std::string(s));
    if (w2 != "IGNORE") return std::nullopt;
    pending_ignore_ = true;
    return std::pair{std::string("INSERT"), e2};
  }
  if (word == "PRAGMA") {  // SQLite's connection settings: nothing to do on PostgreSQL
    const std::size_t semi = s.find(';', i);
    return std::pair{std::string(), semi == std::string_view::npos ? s.size() : semi + 1};
  }
  if (!schema_) return std::nullopt;
  if (word == "INTEGER") {
    std::size_t k = out.find_last_not_of(" \t\n");
    const bool id_column = k != std::string::npos && k >= 1 && upper(out.substr(k - 1, 2)) == "ID" &&
                           (k < 2 || !ident_char(out[k - 2]));
    const auto [w1, e1] = next_word(s, i);
    const auto [w2, e2] = next_word(s, e1);
    const bool autoincrement = w1 == "PRIMARY" && w2 == "KEY" && next_word(s, e2).first == "AUTOINCREMENT";
    if ((id_column && w1 == "PRIMARY") || autoincrement)
      return std::pair{std::string("BIGINT GENERATED BY DEFAULT AS IDENTITY"), i};
    return std::pair{std::string("BIGINT"), i};
  }
  // An identity never reuses a value, which is what AUTOINCREMENT adds in SQLite.
  if (word == "AUTOINCREMENT") return std::pair{std::string(), i};
  if (word == "REAL") return std::pair{std::string("DOUBLE PRECISION"), i};
  if (word == "BLOB") return std::pair{std::string("BYTEA"), i};
  if (word == "WITHOUT") {
    const auto [w1, e1] = next_word(s, i);
    if (w1 == "ROWID") return std::pair{std::string(), e1};
  }
  return std::nullopt;
}

std::string translator::run(std::string_view s) {
  const bool outermost = nesting_++ == 0;  // a call's arguments end no statement
  std::string out;
  int depth = 0;
  const auto end_statement = [&] {
    if (!pending_ignore_) return;
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    out += " ON CONFLICT DO NOTHING";
    pending_ignore_ = false;
  };
  for (std::size_t i = 0; i < s.size();) {
    const char ch = s[i];
    if (quote_or_comment(s, i)) {
      const std::size_t j = skip_quoted(s, i);
      out.append(s.substr(i, j - i));
      i = j;
    } else if (ch == '?') {
      std::size_t j = i + 1;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      const std::string param =
          '$' + (j > i + 1 ? std::string(s.substr(i + 1, j - i - 1)) : std::to_string(++bare_params_));
      // `?n IS NULL` alone gives the server no type to infer: such optional filters are text.
      const bool null_test = next_word(s, j).first == "IS";
      out += null_test ? "CAST(" + param + " AS text)" : param;
      i = j;
    } else if (ident_start(ch) && (i == 0 || !ident_char(s[i - 1]))) {
      std::size_t j = i;
      while (j < s.size() && ident_char(s[j])) ++j;
      const std::string word = upper(s.substr(i, j - i));
      auto r = function(word, s, j);
      if (!r) r = keyword(word, s, j, out);
      out += r ? r->first : std::string(s.substr(i, j - i));
      i = r ? r->second : j;
    } else {
      if (ch == '(') ++depth;
      if (ch == ')') --depth;
      if (ch == ';' && depth == 0) end_statement();
      out += ch;
      ++i;
    }
  }
  if (outermost && depth == 0) end_statement();
  --nesting_;
  return out;
}

// The length of the valid UTF-8 sequence at s[i] (0 when invalid or NUL).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  const unsigned c = b(i);
  const auto cont = [&](std::size_t k) { return (b(k) & 0xC0u) == 0x80u; };
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return b(i + 1) >= lo && b(i + 1) <= hi && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return b(i + 1) >= lo && b(i + 1) <= hi && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

db_target parse_target(std::string_view target) {
  if (starts_with_ci(target, "postgresql://") || starts_with_ci(target, "postgres://"))
    return {dialect::postgres, std::string(target), false};
  if (starts_with_ci(target, "sqlite:")) return {dialect::sqlite, std::string(target.substr(7)), false};
  if (starts_with_ci(target, "file:")) return {dialect::sqlite, std::string(target), true};
  return {dialect::sqlite, std::string(target), false};
}

std::string masked_target(std::string_view target) {
  std::string out(target);
  if (parse_target(target).kind != dialect::postgres) return out;
  const std::size_t scheme = out.find("://") + 3;
  const std::size_t at = out.find('@', scheme);
  const std::size_t slash = out.find('/', scheme);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    const std::size_t colon = out.find(':', scheme);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const std::size_t end = std::min(out.find('&', p), out.size());
    out.replace(p + 9, end - p - 9, "***");
  }
  return out;
}

std::string to_postgres(std::string_view sql) { return translator{false}.run(sql); }

std::string schema_to_postgres(std::string_view ddl) { return translator{true}.run(ddl); }

std::string postgres_text(std::string_view bytes) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t n = utf8_length(bytes, i);
    if (n) { i += n; continue; }
    if (out.empty()) out.reserve(bytes.size() + 8);
    out.append(bytes.substr(copied, i - copied)).append("\xEF\xBF\xBD");
    copied = ++i;
  }
  if (copied == 0) return std::string(bytes);
  return out.append(bytes.substr(copied));
}

}  // namespace iotprobe::db
