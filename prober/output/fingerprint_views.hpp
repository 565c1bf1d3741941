// The report of `fingerprints verify`: one FAIL line per failed example or fingerprint,
// the warnings, and the totals. Database text (descriptions, examples, file names) is
// terminal_safe'd: a database may come from anywhere. Pure.
#pragma once

#include "parsers/fingerprint/fingerprint_verify.hpp"

#include <string>
#include <string_view>

namespace iotprobe::output {

// "FAIL file:line: 'fingerprint'[ example "…"]: message", one line per failure.
std::string verify_failures_text(const parsers::verify_report& report);
// "WARN …", one line per warning (for stderr).
std::string verify_warnings_text(const parsers::verify_report& report);
// "N passed, M failed".
std::string verify_totals_text(const parsers::verify_report& report);
// A database that could not be loaded at all.
std::string verify_load_failure_text(std::string_view file, std::string_view reason);

}  // namespace iotprobe::output
