// Vantage points (issue 16): the name a run probed from (runs.vantage, schema v7), and
// `churn --by-vantage`: per day and vantage point, what it saw and what only it saw or
// missed. A device is present when any vantage point saw it; the ordinary churn table is
// unchanged by vantage points. Reads and one small update; never opens a store.
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::db {

inline constexpr const char* default_vantage = "default";

// Why `name` cannot name a vantage point (1..64 of A-Z a-z 0-9 . _ -), or nullopt.
std::optional<std::string> vantage_error(std::string_view name);

// Records the vantage point of `run_id`.
status set_run_vantage(database& db, std::int64_t run_id, const std::string& vantage);

// Open hosts (honeypot-like ones left out) and their per-device keys (shared keys are not
// devices), per day and vantage point.
struct vantage_row {
  std::string day, vantage;
  std::int64_t ips = 0, devices = 0;
  std::int64_t ips_only_here = 0;      // addresses no other vantage point saw open that day
  std::int64_t devices_only_here = 0;  // devices no other vantage point saw that day
  std::int64_t devices_missed = 0;     // devices another vantage point saw that day, this one not
};

// Rows sorted by day and vantage point, for days in [from, to] (inclusive YYYY-MM-DD).
std::vector<vantage_row> vantage_table(database& db, const std::string& from, const std::string& to);

}  // namespace iotprobe::db
