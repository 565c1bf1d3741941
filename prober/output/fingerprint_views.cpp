// The fingerprints verify report (see fingerprint_views.hpp).
#include "prober/output/fingerprint_views.hpp"

#include "prober/output/terminal.hpp"

#include <fmt/format.h>

namespace iotprobe::output {

std::string verify_failures_text(const parsers::verify_report& report) {
  std::string out;
  for (const auto& f : report.failures) {
    if (f.example.empty())
      out += fmt::format("FAIL {}:{}: '{}': {}\n", terminal_safe(f.file), f.line,
                         terminal_safe(f.fingerprint), terminal_safe(f.message));
    else
      out += fmt::format("FAIL {}:{}: '{}' example \"{}\": {}\n", terminal_safe(f.file), f.line,
                         terminal_safe(f.fingerprint), terminal_safe(f.example),
                         terminal_safe(f.message));
  }
  return out;
}

std::string verify_warnings_text(const parsers::verify_report& report) {
  std::string out;
  for (const auto& w : report.warnings) out += "WARN " + terminal_safe(w) + "\n";
  return out;
}

std::string verify_totals_text(const parsers::verify_report& report) {
  return fmt::format("{} passed, {} failed\n", report.passed, report.failed);
}

std::string verify_load_failure_text(std::string_view file, std::string_view reason) {
  return fmt::format("FAIL {}: cannot load: {}\n", terminal_safe(file), terminal_safe(reason));
}

}  // namespace iotprobe::output
