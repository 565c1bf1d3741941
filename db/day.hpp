// Calendar days (YYYY-MM-DD, UTC) and wall times as the text the store keeps, so that
// SQLite compares them lexicographically. Total functions: bad input gives nullopt.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace iotprobe::db {

// "2021-05-27" when `text` is a valid calendar day in that exact form.
std::optional<std::chrono::sys_days> parse_day(std::string_view text);
std::string format_day(std::chrono::sys_days day);
// The day before / after `day` (nullopt when `day` is not a valid YYYY-MM-DD).
std::optional<std::string> shift_day(std::string_view day, int delta);
// "2021-05-27T03:04:05.678Z" (UTC, milliseconds).
std::string iso_time(std::chrono::system_clock::time_point t);

}  // namespace iotprobe::db
