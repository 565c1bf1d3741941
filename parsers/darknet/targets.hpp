// Streaming readers for darknet target lists: plain text (one IP per line), CSV/TSV with a
// header row, and JSON lines. They read one line at a time (a 10-million-line file is
// never held whole; only the de-duplication set grows) and never throw on hostile input:
// a bad line is an error value "file:line: reason", skipped and counted, or fatal in strict mode.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

enum class target_format { auto_detect, text, csv, tsv, jsonl };

std::string_view to_string(target_format format) noexcept;  // "auto", "text", "csv", …
std::optional<target_format> target_format_from_string(std::string_view text) noexcept;

struct target_options {
  target_format format = target_format::auto_detect;
  bool strict = false;                     // the first bad line stops the reader
  std::size_t max_line_bytes = 64 * 1024;  // a longer line is a bad line (rest skipped)
  std::size_t max_errors_kept = 1000;      // later errors are only counted
  // Multi-day input (issue 11 case 5): one address on two days is two targets, and
  // `only_day` keeps the rows of one day (a row without a day has `default_day`).
  bool per_day = false;
  std::optional<std::string> only_day{}, default_day{};
};

// What a darknet extract says about a source: the columns `extract` writes (first_seen,
// last_seen, mirai_syns, mirai_dsts, dst_ports), as CSV/TSV columns or JSON keys. All
// absent in a plain list; a count that is not a non-negative integer is absent too (never
// a bad line).
struct source_counters {
  std::optional<std::string> first_seen, last_seen;
  std::optional<std::uint64_t> mirai_syns, mirai_dsts, dst_ports;
};

// One de-duplicated target. `ip` is the canonical inet_ntop form ("2001:db8::1");
// empty optional columns are absent. `line` is the 1-based line it came from.
struct target {
  std::string ip;
  std::optional<std::string> day, country, tag;
  std::uint64_t line = 0;
  source_counters counters = {};
};

struct target_stats {
  std::uint64_t lines = 0;       // physical lines read, header included
  std::uint64_t targets = 0;     // targets returned by next()
  std::uint64_t duplicates = 0;  // rows whose IP was already returned (first one wins)
  std::uint64_t bad_lines = 0;
  std::uint64_t comments = 0;    // lines starting with '#'
  std::uint64_t blank = 0;
  std::uint64_t other_days = 0;  // rows skipped because their day is not only_day
};

// Pull reader. Format detection (auto_detect) looks at the first line that is neither
// blank nor a comment: '{' → jsonl, a tab → tsv, a comma → csv, a lone ip/src_ip/saddr
// column name → one-column csv, anything else → text. CSV/TSV need a header row naming an
// ip, src_ip or saddr column (optional day/date, country, tag and the source_counters
// columns; others ignored); without one
// the reader fails at once, strict or not. Duplicates are removed by IP within one reader
// (IPv4 and its IPv4-mapped IPv6 form are the same host), or by (day, IP) with per_day;
// the first row's columns are kept.
class target_reader {
 public:
  target_reader(std::istream& in, std::string source_name, target_options options = {});
  ~target_reader();
  target_reader(target_reader&&) noexcept;
  target_reader& operator=(target_reader&&) noexcept;

  // The next new target, or nullopt at the end of input or once failed().
  std::optional<target> next();

  const target_stats& stats() const noexcept;
  // "file:line: reason" for each bad line, at most max_errors_kept of them.
  const std::vector<std::string>& errors() const noexcept;
  std::uint64_t errors_dropped() const noexcept;
  // True after a strict-mode bad line, a missing ip column, or a read error.
  bool failed() const noexcept;
  // The format in use: the override, or what detection chose (auto_detect before any data).
  target_format format() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iotprobe::parsers
