// The one terminal-safe printer: every text view of the output layer passes each string
// it did not write itself (device text, stored values, input rows, file names) through
// terminal_safe, so a hostile banner can never move the cursor, retitle the window, ring
// the bell or forge a line. Pure functions; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotprobe::output {

// `text` with C0 controls (newlines included), DEL, C1 controls and bytes that are not
// valid UTF-8 written as \xHH; printable ASCII and valid UTF-8 pass unchanged.
std::string terminal_safe(std::string_view text);

// terminal_safe(*value), or `absent` (ours, printed as is) when there is no value.
std::string terminal_safe_or(const std::optional<std::string>& value, std::string_view absent);

}  // namespace iotprobe::output
