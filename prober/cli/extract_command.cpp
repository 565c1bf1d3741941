// `iotprobe extract`: darknet pcaps in, the Mirai-infected sources out as the darknet-style
// CSV that `batch` and `targets` read; survey scanners go to a separate report. All the
// work is iotprobe::parsers::extract_sources; this file only maps flags, files and codes.
#include "prober/cli/command.hpp"

#include "config/settings.hpp"
#include "parsers/darknet/mirai_country.hpp"
#include "parsers/darknet/mirai_extract.hpp"
#include "prober/output/input_views.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace iotprobe::cli {
namespace {

namespace parsers = iotprobe::parsers;

struct extract_flags {
  std::vector<std::string> pcaps;
  std::string out = "-";
  bool by_day = false;
  std::string tz = "UTC";
  std::string scanners_file;
  std::string config_file;                  // "" = the shipped iotprobe.conf
  std::optional<std::uint32_t> min_ports;   // unset: scanner_min_ports from the config
  std::optional<std::uint64_t> min_packets; // unset: scanner_min_packets from the config
  bool include_scanners = false;
  bool all_sources = false;
  std::string country_db;
  std::string scanners_out;
};

constexpr const char* extract_footer =
    "Output: day,ip,mirai_syns,other_syns,udp,dst_ports,first_seen,last_seen,tag (+country with\n"
    "--country-db). A Mirai SYN has SYN without ACK, seq == destination IPv4, source port > 1024.\n"
    "day and first_seen/last_seen (ISO-8601, seconds) are in the --tz offset ('Z' for UTC).\n"
    "Without --by-day there is one row per source: day is its first day, counts are summed.\n"
    "dst_ports counts distinct TCP-SYN/UDP destination ports and saturates at\n"
    "--min-scanner-ports. tag: mirai; with --all-sources also other; scanner / survey-org in\n"
    "the scanner report (--scanners-out, which adds an org column) and with --include-scanners.\n"
    "A survey scanner reaches >= --min-scanner-ports ports with >= --min-scanner-packets\n"
    "TCP-SYN+UDP packets on one day; without --by-day, a scanner on any day is a scanner.\n"
    "Exit codes: 0 ok, 1 a capture or list could not be read fully (rows read so far are\n"
    "still written), 2 usage.";

// Reads the --scanners CIDR list; throws (the CLI edge) when unreadable or invalid.
parsers::survey_org_list load_survey_orgs(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read --scanners file {}", file));
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto parsed = parsers::survey_org_list::parse(text);
  if (parsed.error) throw std::runtime_error(fmt::format("{}: {}", file, *parsed.error));
  return std::move(parsed.list);
}

void write_csv(const std::string& file, const std::vector<parsers::source_row>& rows,
               const parsers::csv_options& options) {
  if (file == "-") {
    parsers::write_source_csv(std::cout, rows, options);
    std::cout.flush();
    return;
  }
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", file));
  parsers::write_source_csv(out, rows, options);
  if (!out.flush()) throw std::runtime_error(fmt::format("cannot write {}", file));
}

int run_extract(const extract_flags& f) {
  parsers::extract_options options;
  options.by_day = f.by_day;
  options.tz_offset_seconds = parsers::parse_tz_offset(f.tz).value_or(0);
  const config::darknet_rules rules = config::load_settings(f.config_file).darknet;
  options.thresholds = {f.min_ports.value_or(rules.scanner_min_ports),
                        f.min_packets.value_or(rules.scanner_min_packets)};
  if (!f.scanners_file.empty()) options.survey_orgs = load_survey_orgs(f.scanners_file);
  options.include_scanners = f.include_scanners;
  options.all_sources = f.all_sources;
  options.country_db = f.country_db;
  if (!f.country_db.empty()) {  // fail before the read, and before --out is truncated
    std::string error;
    const parsers::country_db probe(f.country_db, error);
    if (!error.empty()) {
      throw std::runtime_error(fmt::format("--country-db {}: {}", f.country_db, error));
    }
  }
  const std::vector<std::filesystem::path> files(f.pcaps.begin(), f.pcaps.end());
  const parsers::extract_result result = parsers::extract_sources(files, options);
  parsers::csv_options csv;
  csv.tz_offset_seconds = options.tz_offset_seconds;
  csv.country_column = !f.country_db.empty();
  write_csv(f.out, result.rows, csv);
  if (!f.scanners_out.empty()) {
    csv.org_column = true;
    write_csv(f.scanners_out, result.scanners, csv);
  }
  fmt::print(stderr, "{}", output::extract_report_text(result));
  return result.ok() ? exit_ok : exit_bad_input;
}

}  // namespace

void add_extract_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<extract_flags>();
  CLI::App* cmd = app.add_subcommand(
      "extract", "Extract Mirai-infected sources from darknet pcap/pcapng (optionally gzip) files");
  cmd->footer(extract_footer);
  cmd->add_option("--pcap", flags->pcaps, "capture file (pcap or pcapng, may be .gz); repeatable")
      ->required();
  cmd->add_option("--out", flags->out, "CSV output file ('-' = stdout)")->capture_default_str();
  cmd->add_flag("--by-day", flags->by_day, "one row per source and day");
  cmd->add_option("--tz", flags->tz, "day boundaries and times: UTC or +HH:MM / -HH:MM")
      ->check(CLI::Validator(
          [](std::string& v) {
            return parsers::parse_tz_offset(v) ? std::string{} : "expected UTC or +HH:MM, got " + v;
          },
          "TZ"))
      ->capture_default_str();
  cmd->add_option("--scanners", flags->scanners_file, "known survey organisations: CIDR [name] per line");
  cmd->add_option("--config", flags->config_file,
                  "config file for the scanner thresholds (default: the shipped iotprobe.conf)");
  cmd->add_option("--min-scanner-ports", flags->min_ports,
                  "scanner rule: distinct ports per day (config scanner_min_ports, 30)");
  cmd->add_option("--min-scanner-packets", flags->min_packets,
                  "scanner rule: TCP-SYN+UDP packets per day (config scanner_min_packets, 300000)");
  cmd->add_flag("--include-scanners", flags->include_scanners, "keep scanners with Mirai SYNs in the CSV, tagged");
  cmd->add_flag("--all-sources", flags->all_sources, "also list sources without a Mirai SYN (tag other)");
  cmd->add_option("--country-db", flags->country_db, "MaxMind .mmdb: adds a country column");
  cmd->add_option("--scanners-out", flags->scanners_out, "write the scanner report CSV here");
  cmd->callback([flags, &exit_code] { exit_code = run_extract(*flags); });
}

}  // namespace iotprobe::cli
