// The input views (see input_views.hpp).
#include "prober/output/input_views.hpp"

#include "prober/output/json_dump.hpp"
#include "prober/output/terminal.hpp"

#include <fmt/format.h>

#include <optional>

namespace iotprobe::output {
namespace {

using ordered = nlohmann::ordered_json;

ordered ordered_or_null(const std::optional<std::string>& value) {
  return value ? ordered(*value) : ordered(nullptr);
}

}  // namespace

std::string target_text(const parsers::target& t) {
  std::string text = terminal_safe(t.ip);
  if (t.day) text += " day=" + terminal_safe(*t.day);
  if (t.country) text += " country=" + terminal_safe(*t.country);
  if (t.tag) text += " tag=" + terminal_safe(*t.tag);
  return text + "\n";
}

std::string target_json_line(const parsers::target& t) {
  return dump_json_line(ordered{{"ip", t.ip},
                                {"day", ordered_or_null(t.day)},
                                {"country", ordered_or_null(t.country)},
                                {"tag", ordered_or_null(t.tag)},
                                {"line", t.line}});
}

std::string target_summary_text(std::string_view file, const parsers::target_reader& reader) {
  const parsers::target_stats& s = reader.stats();
  return fmt::format("# {}: format {}, {} targets, {} duplicates, {} bad lines, {} comments, "
                     "{} blank, {} lines{}\n",
                     terminal_safe(file), parsers::to_string(reader.format()), s.targets,
                     s.duplicates, s.bad_lines, s.comments, s.blank, s.lines,
                     reader.failed() ? ", stopped" : "");
}

std::string target_summary_json_line(std::string_view file, const parsers::target_reader& reader) {
  const parsers::target_stats& s = reader.stats();
  return dump_json_line(ordered{{"summary",
                                 {{"file", file},
                                  {"format", parsers::to_string(reader.format())},
                                  {"ok", !reader.failed()},
                                  {"lines", s.lines},
                                  {"targets", s.targets},
                                  {"duplicates", s.duplicates},
                                  {"bad_lines", s.bad_lines},
                                  {"comments", s.comments},
                                  {"blank", s.blank},
                                  {"errors", reader.errors()},
                                  {"errors_dropped", reader.errors_dropped()}}}});
}

std::string target_errors_text(const parsers::target_reader& reader) {
  std::string out;
  for (const std::string& error : reader.errors()) out += terminal_safe(error) + "\n";
  if (reader.errors_dropped() > 0) {
    out += fmt::format("iotprobe targets: {} more bad lines not shown\n", reader.errors_dropped());
  }
  return out;
}

std::string reader_summary_text(const parsers::target_reader& reader, std::size_t max_errors) {
  const auto& s = reader.stats();
  std::string text = fmt::format("input: {} lines, {} targets, {} duplicates dropped, {} bad lines",
                                 s.lines, s.targets, s.duplicates, s.bad_lines);
  if (reader.failed()) text += " (reading stopped: the input has no usable ip column or failed)";
  text += "\n";
  const auto& errors = reader.errors();
  for (std::size_t i = 0; i < errors.size() && i < max_errors; ++i)
    text += "REFUSE " + terminal_safe(errors[i]) + "\n";
  return text;
}

std::string dry_run_accept_line(std::string_view ip, const std::vector<int>& ports) {
  return fmt::format("ACCEPT {} ports {}\n", terminal_safe(ip), fmt::join(ports, ","));
}

std::string dry_run_refuse_line(std::string_view ip, std::string_view admission,
                                std::string_view reason) {
  return fmt::format("REFUSE {} {}: {}\n", terminal_safe(ip), admission, terminal_safe(reason));
}

std::string dry_run_total_line(std::uint64_t accepted, std::uint64_t refused) {
  return fmt::format("dry run: {} accepted, {} refused, nothing sent\n", accepted, refused);
}

std::string extract_report_text(const parsers::extract_result& r) {
  const auto& s = r.stats;
  std::string out = fmt::format(
      "extract: {} packets: {} SYN ({} Mirai), {} UDP, {} other TCP, {} IPv6, {} fragments, "
      "{} truncated, {} malformed, {} non-IP\n",
      s.packets, s.tcp_syn, s.mirai_syn, s.udp, s.tcp_other, s.ipv6, s.fragments, s.truncated,
      s.malformed, s.not_ip + s.unsupported_link);
  out += fmt::format("extract: {} rows written; {} survey-scanner rows reported separately; "
                     "{} source(s) below the Mirai minimum (sparse, possibly spoofed)\n",
                     r.rows.size(), r.scanners.size(), r.sparse);
  constexpr std::size_t listed = 20;
  for (std::size_t i = 0; i < r.scanners.size() && i < listed; ++i) {
    const auto& row = r.scanners[i];
    out += fmt::format("extract: {} {} {}{}{}\n", parsers::format_day(row.day),
                       parsers::format_ipv4(row.ip), parsers::to_string(row.tag),
                       row.org.empty() ? "" : " ", terminal_safe(row.org));
  }
  if (r.scanners.size() > listed) {
    out += fmt::format("extract: ... and {} more scanner rows (see --scanners-out)\n",
                       r.scanners.size() - listed);
  }
  for (const auto& e : r.errors) out += "iotprobe extract: " + terminal_safe(parsers::describe(e)) + "\n";
  return out;
}

}  // namespace iotprobe::output
