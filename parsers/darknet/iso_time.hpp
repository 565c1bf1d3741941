// Reads the times darknet lists carry (extract's first_seen/last_seen columns):
// "YYYY-MM-DDTHH:MM:SS" with optional fraction, then Z or +HH:MM/-HH:MM (none: UTC),
// "T" or one space between date and time. A pure total function: bad text gives nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace iotprobe::parsers {

// Unix seconds (fraction dropped), or nullopt when `text` is not such a time.
std::optional<std::int64_t> parse_iso_seconds(std::string_view text) noexcept;

}  // namespace iotprobe::parsers
