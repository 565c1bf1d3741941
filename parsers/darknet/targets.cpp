// The streaming target-list reader (see targets.hpp). It holds one line at a time (at most
// max_line_bytes), the header's column map and the de-duplication set; nothing else grows.
// It never throws on input: every problem is a counted "file:line: reason" value.
#include "parsers/darknet/targets.hpp"

#include "parsers/darknet/ip_set.hpp"
#include "parsers/darknet/target_rows.hpp"
#include "parsers/core/text.hpp"

#include <fmt/format.h>

#include <istream>
#include <limits>
#include <map>

namespace iotprobe::parsers {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

enum class line_status { line, overlong, end, read_error };

bool needs_header(target_format format) {
  return format == target_format::csv || format == target_format::tsv;
}

// See the class comment in targets.hpp for the rules.
target_format detect_format(std::string_view first) {
  if (first.front() == '{') return target_format::jsonl;
  if (first.find('\t') != std::string_view::npos) return target_format::tsv;
  if (first.find(',') != std::string_view::npos) return target_format::csv;
  const std::string lowered = to_lower(first);
  if (lowered == "ip" || lowered == "src_ip" || lowered == "saddr") return target_format::csv;
  return target_format::text;
}

}  // namespace

std::string_view to_string(target_format format) noexcept {
  switch (format) {
    case target_format::auto_detect: return "auto";
    case target_format::text: return "text";
    case target_format::csv: return "csv";
    case target_format::tsv: return "tsv";
    case target_format::jsonl: return "jsonl";
  }
  return "auto";
}

std::optional<target_format> target_format_from_string(std::string_view text) noexcept {
  for (const auto format : {target_format::auto_detect, target_format::text, target_format::csv,
                            target_format::tsv, target_format::jsonl}) {
    if (text == to_string(format)) return format;
  }
  return std::nullopt;
}

struct target_reader::impl {
  std::istream* in;
  std::string source;
  target_options options;
  target_format format;
  bool header_pending;
  column_map columns;
  ip_set seen;
  std::map<std::string, ip_set> seen_by_day;  // per_day: one set per day ("" for none)
  target_stats stats;
  std::vector<std::string> errors;
  std::uint64_t errors_dropped = 0;
  bool failed = false;
  bool done = false;
  std::vector<char> buffer;
  std::string line;

  impl(std::istream& input, std::string name, target_options opts)
      : in(&input),
        source(std::move(name)),
        options(opts),
        format(opts.format),
        header_pending(needs_header(opts.format)),
        buffer(std::max<std::size_t>(opts.max_line_bytes, 1) + 1) {}

  // Reads one line into `line` without its end-of-line; an overlong line is skipped whole.
  line_status read_line() {
    in->getline(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto count = static_cast<std::size_t>(in->gcount());
    if (in->bad()) return line_status::read_error;
    if (in->fail() && !in->eof()) {  // the buffer filled before the end of the line
      in->clear();
      in->ignore(std::numeric_limits<std::streamsize>::max(), '\n');
      return in->bad() ? line_status::read_error : line_status::overlong;
    }
    if (count == 0 && in->eof()) return line_status::end;
    const bool delimiter_read = !in->eof();
    line.assign(buffer.data(), delimiter_read ? count - 1 : count);
    return line_status::line;
  }

  void record(std::string message) {
    if (errors.size() < options.max_errors_kept) {
      errors.push_back(std::move(message));
    } else {
      ++errors_dropped;
    }
  }

  void bad_line(std::string_view reason) {
    ++stats.bad_lines;
    record(fmt::format("{}:{}: {}", source, stats.lines, reason));
    if (options.strict) failed = true;
  }

  void read_header(std::string_view text) {
    header_pending = false;
    const auto names = split_fields(text, format == target_format::tsv ? '\t' : ',');
    if (names) columns = map_header(*names);
    if (!names || !columns.ip) {
      bad_line("the header names no ip, src_ip or saddr column");
      failed = true;  // no row of this file can be read
    }
  }

  // The row's columns, or nullopt after recording why the line is bad.
  std::optional<row_fields> parse_row(std::string_view text) {
    if (format == target_format::text) {
      return row_fields{std::string(trim(text.substr(0, text.find('#')))), {}, {}, {}};
    }
    if (format == target_format::jsonl) {
      auto row = row_from_json(text);
      if (auto* reason = std::get_if<std::string>(&row)) {
        bad_line(*reason);
        return std::nullopt;
      }
      return std::get<row_fields>(std::move(row));
    }
    const auto fields = split_fields(text, format == target_format::tsv ? '\t' : ',');
    if (!fields) {
      bad_line("unterminated quoted field");
      return std::nullopt;
    }
    return row_from_fields(*fields, columns);
  }

  std::optional<target> data_line(std::string_view text) {
    if (format == target_format::auto_detect) {
      format = detect_format(text);
      header_pending = needs_header(format);
    }
    if (header_pending) {
      read_header(text);
      return std::nullopt;
    }
    std::optional<row_fields> row = parse_row(text);
    if (!row) return std::nullopt;
    if (!row->ip) {
      bad_line("no ip value");
      return std::nullopt;
    }
    const std::optional<ip_address> address = parse_ip(*row->ip);
    if (!address) {
      bad_line(fmt::format("not an IP address: {}", quote_for_message(*row->ip)));
      return std::nullopt;
    }
    std::optional<std::string> day = row->day ? row->day : options.default_day;
    if (options.only_day && day != options.only_day) {
      ++stats.other_days;
      return std::nullopt;
    }
    ip_set& set = options.per_day ? seen_by_day[day.value_or("")] : seen;
    if (!set.insert(address->bytes)) {
      ++stats.duplicates;
      return std::nullopt;
    }
    ++stats.targets;
    return target{address->text, std::move(row->day), std::move(row->country), std::move(row->tag),
                  stats.lines, std::move(row->counters)};
  }

  std::optional<target> next() {
    while (!failed && !done) {
      const line_status status = read_line();
      if (status == line_status::end) break;
      if (status == line_status::read_error) {
        record(fmt::format("{}: read error after line {}", source, stats.lines));
        failed = true;
        break;
      }
      ++stats.lines;
      if (status == line_status::overlong) {
        bad_line(fmt::format("line longer than {} bytes", options.max_line_bytes));
        continue;
      }
      std::string_view text = line;
      if (stats.lines == 1 && text.substr(0, utf8_bom.size()) == utf8_bom) text.remove_prefix(3);
      text = trim(text);
      if (text.empty()) {
        ++stats.blank;
      } else if (text.front() == '#') {
        ++stats.comments;
      } else if (auto found = data_line(text)) {
        return found;
      }
    }
    done = true;
    return std::nullopt;
  }
};

target_reader::target_reader(std::istream& in, std::string source_name, target_options options)
    : impl_(std::make_unique<impl>(in, std::move(source_name), options)) {}
target_reader::~target_reader() = default;
target_reader::target_reader(target_reader&&) noexcept = default;
target_reader& target_reader::operator=(target_reader&&) noexcept = default;

std::optional<target> target_reader::next() { return impl_->next(); }
const target_stats& target_reader::stats() const noexcept { return impl_->stats; }
const std::vector<std::string>& target_reader::errors() const noexcept { return impl_->errors; }
std::uint64_t target_reader::errors_dropped() const noexcept { return impl_->errors_dropped; }
bool target_reader::failed() const noexcept { return impl_->failed; }
target_format target_reader::format() const noexcept { return impl_->format; }

}  // namespace iotprobe::parsers
