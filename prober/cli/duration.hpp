// Durations on the command line (follow --reprobe-after, churn --max-lag): a whole number
// with an optional unit s, m, h or d ("90s", "30m", "6h", "2d"; no unit: seconds).
// A pure total function: anything else gives nullopt, for the CLI to name the flag.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace iotprobe::cli {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) noexcept;

}  // namespace iotprobe::cli
