// The stable JSON form of one host_result (schema "iotprobe.host/1"), used by
// `scan --jsonl` (one object per line) and `probe --json`. Fields are only ever added,
// never renamed or removed, within one schema version. Raw bytes are included on request.
#pragma once

#include "parsers/host_result.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace iotprobe::cli {

inline constexpr const char* host_schema = "iotprobe.host/1";

nlohmann::json host_to_json(const parsers::host_result& host, bool include_raw);
// One line (no trailing newline); invalid UTF-8 from devices is replaced, never thrown.
std::string host_to_json_line(const parsers::host_result& host, bool include_raw);

}  // namespace iotprobe::cli
