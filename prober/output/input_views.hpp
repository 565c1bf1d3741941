// The views of darknet input as iotprobe read it: `targets` (each target, the counts and
// the reader's errors), the reader summary probe/scan print, the dry-run lines of probe,
// scan and batch, and `extract`'s report. Input rows are untrusted text (a CSV cell may
// hold any byte), so every string read from a file or the command line is terminal_safe'd.
#pragma once

#include "parsers/darknet/mirai_extract.hpp"
#include "parsers/darknet/targets.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace iotprobe::output {

// Text views end with a newline, JSON lines do not.
// "IP day=D country=C tag=T" (present fields only).
std::string target_text(const parsers::target& target);
// {"ip", "day", "country", "tag", "line"} in that order (absent values null).
std::string target_json_line(const parsers::target& target);
// "# FILE: format F, N targets, … lines[, stopped]".
std::string target_summary_text(std::string_view file, const parsers::target_reader& reader);
// {"summary": {file, format, ok, lines, targets, duplicates, bad_lines, comments, blank,
//  errors [...], errors_dropped}} in that order.
std::string target_summary_json_line(std::string_view file, const parsers::target_reader& reader);
// The kept "file:line: reason" errors, one per line, and how many more were dropped.
std::string target_errors_text(const parsers::target_reader& reader);

// "input: N lines, … bad lines", then "REFUSE <error>" for the first `max_errors` errors.
std::string reader_summary_text(const parsers::target_reader& reader, std::size_t max_errors);

// The dry run: one ACCEPT or REFUSE line per target, then the totals.
std::string dry_run_accept_line(std::string_view ip, const std::vector<int>& ports);
std::string dry_run_refuse_line(std::string_view ip, std::string_view admission,
                                std::string_view reason);
std::string dry_run_total_line(std::uint64_t accepted, std::uint64_t refused);

// extract's report for stderr: packet counts, rows written, the first 20 scanner rows, and
// one line per capture that could not be read fully.
std::string extract_report_text(const parsers::extract_result& result);

}  // namespace iotprobe::output
