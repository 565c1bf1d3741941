// The library entry point of `iotprobe extract` (and, later, `batch --pcap`): reads
// darknet captures and returns the Mirai-infected sources and the survey scanners.
// Errors are values: an unreadable or truncated file is reported and the rest is kept.
#pragma once

#include "parsers/darknet/mirai_aggregator.hpp"
#include "parsers/darknet/mirai_csv.hpp"
#include "parsers/darknet/source_classification.hpp"
#include "parsers/darknet/mirai_survey_orgs.hpp"
#include "parsers/darknet/pcap_reader.hpp"

#include <filesystem>
#include <vector>

namespace iotprobe::parsers {

struct extract_options {
  bool by_day = false;                 // one row per (source, day) instead of per source
  std::int32_t tz_offset_seconds = 0;  // day boundaries (and the CSV's times) use this
  scanner_thresholds thresholds;
  survey_org_list survey_orgs;
  bool include_scanners = false;
  bool all_sources = false;
  std::uint64_t min_mirai_syns = 1;    // the config's mirai_min_syns (NICTER: one SYN)
  std::uint32_t min_destinations = 1;  // the config's mirai_min_destinations
  std::filesystem::path country_db;  // empty: no country lookup
};

struct extract_result {
  std::vector<source_row> rows;      // the Mirai list (see classify_sources)
  std::vector<source_row> scanners;  // the separate scanner report
  std::size_t sparse = 0;            // sources below the Mirai minimum (possibly spoofed)
  capture_stats stats;               // over every file
  std::size_t source_days = 0;       // distinct (IPv4 source, day) pairs with a SYN or UDP
  std::vector<read_error> errors;    // one per file that failed or stopped early
  bool ok() const noexcept { return errors.empty(); }
};

// Files are read in order into one aggregate, so a day split over files is one day.
extract_result extract_sources(const std::vector<std::filesystem::path>& files,
                               const extract_options& options);

}  // namespace iotprobe::parsers
