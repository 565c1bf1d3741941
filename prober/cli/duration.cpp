// Command-line durations (see duration.hpp).
#include "prober/cli/duration.hpp"

#include <cstdint>

namespace iotprobe::cli {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  std::int64_t unit = 1;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: unit = 0;
  }
  if (unit) text.remove_suffix(1);
  else unit = 1;
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::int64_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return std::chrono::seconds(n * unit);
}

}  // namespace iotprobe::cli
