// The darknet-style CSV of extracted sources, and the date/time/address text in it.
// Formatting only: never reads captures, never touches anything but the caller's stream.
#pragma once

#include "parsers/darknet/source_classification.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

// "UTC", "Z", "+09:00", "-0530", "+09" to seconds east of UTC (|offset| < 24 h).
std::optional<std::int32_t> parse_tz_offset(std::string_view text) noexcept;

std::string format_day(std::int32_t day);
// ISO-8601 in the given offset: "2021-05-27T09:00:00+09:00", or "...Z" for UTC.
std::string format_time(std::int64_t unix_seconds, std::int32_t tz_offset_seconds);
std::string format_ipv4(std::uint32_t ip);

struct csv_options {
  std::int32_t tz_offset_seconds = 0;
  bool country_column = false;  // appends ",country"
  bool org_column = false;      // appends ",org" (the scanner report)
};
// Header "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag"
// then one line per row, "\n"-terminated. mirai_dsts: distinct destinations of the Mirai
// SYNs, saturating at mirai_destination_cap. Fields never contain commas (org names are
// cleaned).
void write_source_csv(std::ostream& out, const std::vector<source_row>& rows,
                      const csv_options& options);
std::string format_source_csv(const std::vector<source_row>& rows, const csv_options& options);

}  // namespace iotprobe::parsers
