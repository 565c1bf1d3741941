// The bounds every PCRE2 match in iotprobe runs under, whoever supplies the pattern (a
// fingerprint database, a researcher's `lookup model`): on a device's string a pattern can
// backtrack catastrophically, and these end it within milliseconds. Constants only.
#pragma once

#include <cstdint>

namespace iotprobe::parsers {

constexpr std::uint32_t regex_match_limit = 1'000'000;
constexpr std::uint32_t regex_depth_limit = 10'000;

}  // namespace iotprobe::parsers
