// The darknet-extraction flags `extract` and `batch --pcap` share (issue 11 case 6), so
// that a capture extracted by hand and one given to batch are read under the same rules:
// --by-day, --tz, --scanners, --min-scanner-ports, --min-scanner-packets,
// --include-scanners, --country-db. Registered once here; never duplicated per command.
#pragma once

#include "config/settings.hpp"
#include "parsers/darknet/mirai_extract.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace iotprobe::cli {

struct darknet_flags {
  bool by_day = false;
  std::string tz = "UTC";
  std::string scanners_file;
  std::optional<std::uint32_t> min_ports;   // unset: scanner_min_ports from the config
  std::optional<std::uint64_t> min_packets; // unset: scanner_min_packets from the config
  bool include_scanners = false;
  std::string country_db;
};

// What --by-day and --include-scanners mean differs per command (extract: rows of its CSV;
// batch: runs and probed targets), so each command words their help.
struct darknet_help {
  std::string by_day, include_scanners;
};
void add_darknet_flags(CLI::App& cmd, darknet_flags& flags, const darknet_help& help);

// The extractor's options from the flags and the config's darknet rules. Throws
// std::runtime_error (an edge) when --scanners or --country-db cannot be used.
parsers::extract_options to_extract_options(const darknet_flags& flags,
                                            const config::darknet_rules& rules);

}  // namespace iotprobe::cli
