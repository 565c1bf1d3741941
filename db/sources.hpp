// One darknet input row as `batch` records it in the `sources` table (schema step of issue
// 12): the address, what the input said about it, and the darknet counters when the input
// carries them. The report's funnel counts these rows; lag (issue 13) and spoofed-source
// checks (issue 11) read the same rows. Plain values only; the store writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace iotprobe::db {

// What a darknet extract knows about a source on one day (absent for plain IP lists).
struct source_counts {
  std::optional<std::string> first_seen, last_seen;  // ISO times of its first/last packet
  std::optional<std::int64_t> mirai_syns;  // SYNs whose sequence number is the destination
  std::optional<std::int64_t> mirai_dsts;  // their distinct destinations (saturating, issue 11)
  std::optional<std::int64_t> dst_ports;   // distinct destination ports (saturating)
};

struct source_row {
  std::string ip;  // as the input spelled it when it is not an address
  std::optional<std::string> country, tag;
  source_counts counts;
};

// The `admission` value of a source that was admitted; a refused one holds the refusal's
// name ("blocklist", "exclude", "duplicate", "bad_address", or "scanner": a row tagged
// scanner or survey-org that batch leaves unprobed).
inline constexpr const char* source_admitted = "accepted";

}  // namespace iotprobe::db
