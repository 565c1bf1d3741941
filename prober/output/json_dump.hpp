// Turning JSON values into text for every machine-readable output (parse --json, probe
// --json, scan JSONL, lookup/churn --json, export JSONL, targets --json). Device bytes
// reach all of them, so nothing here uses json::dump() with its throwing default: invalid
// UTF-8 becomes U+FFFD. Also the null-for-absent rule every JSON view follows.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace iotprobe::output {

// A present value as its JSON, an absent one as null (never a missing key).
template <typename T>
nlohmann::json json_or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Indented by 2 (objects of nlohmann::json print their keys sorted).
std::string dump_json(const nlohmann::json& value);
// One line, no trailing newline (JSONL).
std::string dump_json_line(const nlohmann::json& value);
// One line of an insertion-ordered object (targets --json keeps the input's field order).
std::string dump_json_line(const nlohmann::ordered_json& value);

}  // namespace iotprobe::output
