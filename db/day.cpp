// Day and time text for the store (see day.hpp). Days are YYYY-MM-DD text; a malformed
// day is an empty optional, never an exception or a guessed date.
#include "db/day.hpp"

#include <fmt/format.h>

#include <charconv>

namespace iotprobe::db {

std::optional<std::chrono::sys_days> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::size_t pos, std::size_t len, auto& out) {
    auto r = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return r.ec == std::errc{} && r.ptr == text.data() + pos + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

std::string format_day(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<std::string> shift_day(std::string_view day, int delta) {
  auto d = parse_day(day);
  if (!d) return std::nullopt;
  return format_day(*d + std::chrono::days{delta});
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const auto day = floor<days>(sys_time<milliseconds>{milliseconds{ms}});
  const auto in_day = ms - duration_cast<milliseconds>(day.time_since_epoch()).count();
  const hh_mm_ss<milliseconds> hms{milliseconds{in_day}};
  return fmt::format("{}T{:02}:{:02}:{:02}.{:03}Z", format_day(day), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

}  // namespace iotprobe::db
