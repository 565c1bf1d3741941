// Turns per-(source, day) counters into the darknet-style rows: merges days when not
// --by-day, applies the survey-scanner rule and the known-organisation list, and sorts.
// Pure functions over values (the CSV itself is mirai_csv.hpp).
#pragma once

#include "parsers/darknet/mirai_sources.hpp"
#include "parsers/darknet/mirai_survey_orgs.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

// mirai: at least min_mirai_syns Mirai SYNs to at least min_destinations addresses (one
// and one by default: NICTER's definition). sparse: some Mirai SYNs, but fewer than that
// (a spoofed spike sends one SYN per forged source); listed only with all_sources and
// counted apart. other: none (only listed with all_sources). scanner: met the
// survey-scanner rule. survey_org: inside a --scanners CIDR (wins over scanner). Scanner
// and survey_org rows go to the separate scanner report.
enum class source_tag : std::uint8_t { mirai, other, scanner, survey_org, sparse };
std::string_view to_string(source_tag tag) noexcept;
// True for a `tag` column value naming a scanner row ("scanner", "survey-org", any case;
// "survey_org" too): what `batch` skips unless asked to probe scanners (issue 11 case 6).
bool is_scanner_tag(std::string_view tag) noexcept;

// One source on one day: >= min_ports distinct destination ports over its TCP SYNs and
// UDP packets AND >= min_packets such packets (Mirai SYNs + other SYNs + UDP).
struct scanner_thresholds {
  std::uint32_t min_ports = 30;
  std::uint64_t min_packets = 300000;
};

struct source_row {
  std::int32_t day = 0;  // days since 1970-01-01 in the output time zone
  std::uint32_t ip = 0;
  std::uint64_t mirai_syns = 0;
  std::uint32_t mirai_dsts = 0;  // distinct Mirai SYN destinations, saturating at the cap
  std::uint64_t other_syns = 0;
  std::uint64_t udp = 0;
  std::uint32_t dst_ports = 0;  // distinct, saturating at max(min_ports, 1)
  std::int64_t first_seen = 0;  // Unix seconds
  std::int64_t last_seen = 0;
  source_tag tag = source_tag::mirai;
  std::string country;  // ISO 3166 code when a country database was given
  std::string org;      // the survey organisation's name from the CIDR list
  friend bool operator==(const source_row&, const source_row&) = default;
};

struct classify_options {
  bool by_day = false;     // false: one row per source, day = its first day
  scanner_thresholds thresholds;
  const survey_org_list* survey_orgs = nullptr;
  bool include_scanners = false;  // also list scanners that sent Mirai SYNs, tagged
  bool all_sources = false;       // also list sources without a Mirai SYN (tag other)
  std::uint64_t min_mirai_syns = 1;    // below it (or below min_destinations): sparse
  std::uint32_t min_destinations = 1;  // at most mirai_destination_cap is meaningful
};

struct classified_sources {
  std::vector<source_row> rows;      // the Mirai list, sorted by day then IP
  std::vector<source_row> scanners;  // every scanner / survey_org row, same order
  std::size_t sparse = 0;            // rows left out as sparse (below the minimum)
};

classified_sources classify_sources(const source_days& days, const classify_options& options);

}  // namespace iotprobe::parsers
