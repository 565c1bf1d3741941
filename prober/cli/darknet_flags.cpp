// The shared darknet flags (see darknet_flags.hpp): registration, and the checks that make
// a bad --scanners list or --country-db fail before any capture is read.
#include "prober/cli/darknet_flags.hpp"

#include "parsers/darknet/mirai_country.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace iotprobe::cli {
namespace {

// Reads the --scanners CIDR list; throws (the CLI edge) when unreadable or invalid.
parsers::survey_org_list load_survey_orgs(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read --scanners file {}", file));
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto parsed = parsers::survey_org_list::parse(text);
  if (parsed.error) throw std::runtime_error(fmt::format("{}: {}", file, *parsed.error));
  return std::move(parsed.list);
}

}  // namespace

void add_darknet_flags(CLI::App& cmd, darknet_flags& flags, const darknet_help& help) {
  cmd.add_flag("--by-day", flags.by_day, help.by_day);
  cmd.add_option("--tz", flags.tz, "day boundaries and times: UTC or +HH:MM / -HH:MM")
      ->check(CLI::Validator(
          [](std::string& v) {
            return parsers::parse_tz_offset(v) ? std::string{} : "expected UTC or +HH:MM, got " + v;
          },
          "TZ"))
      ->capture_default_str();
  cmd.add_option("--scanners", flags.scanners_file, "known survey organisations: CIDR [name] per line");
  cmd.add_option("--min-scanner-ports", flags.min_ports,
                 "scanner rule: distinct ports per day (config scanner_min_ports, 30)");
  cmd.add_option("--min-scanner-packets", flags.min_packets,
                 "scanner rule: TCP-SYN+UDP packets per day (config scanner_min_packets, 300000)");
  cmd.add_flag("--include-scanners", flags.include_scanners, help.include_scanners);
  cmd.add_option("--country-db", flags.country_db, "MaxMind .mmdb: adds a country column");
}

parsers::extract_options to_extract_options(const darknet_flags& flags,
                                            const config::darknet_rules& rules) {
  parsers::extract_options options;
  options.by_day = flags.by_day;
  options.tz_offset_seconds = parsers::parse_tz_offset(flags.tz).value_or(0);
  options.thresholds = {flags.min_ports.value_or(rules.scanner_min_ports),
                        flags.min_packets.value_or(rules.scanner_min_packets)};
  options.min_mirai_syns = rules.mirai_min_syns;
  options.min_destinations = rules.mirai_min_destinations;
  if (!flags.scanners_file.empty()) options.survey_orgs = load_survey_orgs(flags.scanners_file);
  options.include_scanners = flags.include_scanners;
  options.country_db = flags.country_db;
  if (!flags.country_db.empty()) {  // fail before the read (and before any output is truncated)
    std::string error;
    const parsers::country_db probe(flags.country_db, error);
    if (!error.empty()) {
      throw std::runtime_error(fmt::format("--country-db {}: {}", flags.country_db, error));
    }
  }
  return options;
}

}  // namespace iotprobe::cli
