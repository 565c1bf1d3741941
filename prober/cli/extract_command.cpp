// `iotprobe extract`: darknet pcaps in, the Mirai-infected sources out as the darknet-style
// CSV that `batch` and `targets` read; survey scanners go to a separate report. All the
// work is iotprobe::parsers::extract_sources; this file only maps flags, files and codes.
#include "prober/cli/command.hpp"

#include "config/settings.hpp"
#include "parsers/darknet/mirai_extract.hpp"
#include "prober/cli/darknet_flags.hpp"
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
  std::string config_file;  // "" = the shipped iotprobe.conf
  darknet_flags darknet;    // shared with batch --pcap
  bool all_sources = false;
  std::string scanners_out;
};

constexpr const char* extract_footer =
    "Output: day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag\n"
    "(+country with --country-db). A Mirai SYN has SYN without ACK, seq == destination IPv4,\n"
    "source port > 1024. mirai_dsts counts their distinct destinations (saturating at 4). A\n"
    "source is listed with >= mirai_min_syns Mirai SYNs to >= mirai_min_destinations addresses\n"
    "(config; 1 and 1 is NICTER's definition); below that it is tag sparse (possibly spoofed),\n"
    "counted in the summary and listed only with --all-sources.\n"
    "day and first_seen/last_seen (ISO-8601, seconds) are in the --tz offset ('Z' for UTC).\n"
    "Without --by-day there is one row per source: day is its first day, counts are summed.\n"
    "dst_ports counts distinct TCP-SYN/UDP destination ports and saturates at\n"
    "--min-scanner-ports. tag: mirai; with --all-sources also other; scanner / survey-org in\n"
    "the scanner report (--scanners-out, which adds an org column) and with --include-scanners.\n"
    "A survey scanner reaches >= --min-scanner-ports ports with >= --min-scanner-packets\n"
    "TCP-SYN+UDP packets on one day; without --by-day, a scanner on any day is a scanner.\n"
    "Exit codes: 0 ok, 1 a capture or list could not be read fully (rows read so far are\n"
    "still written), 2 usage.";

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
  parsers::extract_options options =
      to_extract_options(f.darknet, config::load_settings(f.config_file).darknet);
  options.all_sources = f.all_sources;
  const std::vector<std::filesystem::path> files(f.pcaps.begin(), f.pcaps.end());
  const parsers::extract_result result = parsers::extract_sources(files, options);
  parsers::csv_options csv;
  csv.tz_offset_seconds = options.tz_offset_seconds;
  csv.country_column = !f.darknet.country_db.empty();
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
  cmd->add_option("--config", flags->config_file,
                  "config file for the scanner thresholds (default: the shipped iotprobe.conf)");
  add_darknet_flags(*cmd, flags->darknet,
                    {"one row per source and day", "keep scanners with Mirai SYNs in the CSV, tagged"});
  cmd->add_flag("--all-sources", flags->all_sources, "also list sources without a Mirai SYN (tag other)");
  cmd->add_option("--scanners-out", flags->scanners_out, "write the scanner report CSV here");
  cmd->callback([flags, &exit_code] { exit_code = run_extract(*flags); });
}

}  // namespace iotprobe::cli
