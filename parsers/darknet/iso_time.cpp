// ISO 8601 times of darknet lists to Unix seconds (see iso_time.hpp).
#include "parsers/darknet/iso_time.hpp"

#include "parsers/darknet/mirai_csv.hpp"

#include <chrono>

namespace iotprobe::parsers {
namespace {

// The decimal number of `text[at, at+n)`, or -1 if any of it is not a digit.
int digits(std::string_view text, std::size_t at, std::size_t n) noexcept {
  if (at + n > text.size()) return -1;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<std::int64_t> parse_iso_seconds(std::string_view text) noexcept {
  const int y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  const int h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':' || h > 23 || mi > 59 || s > 60)
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                         std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok()) return std::nullopt;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  }
  std::int32_t offset = 0;
  if (at < text.size()) {
    const auto zone = parse_tz_offset(text.substr(at));
    if (!zone) return std::nullopt;
    offset = *zone;
  }
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * 86400 + h * 3600 + mi * 60 + s - offset;
}

}  // namespace iotprobe::parsers
