// The fingerprint engine and verdict views behind `parse http|upnp --fingerprint`. The
// database list comes from config::fingerprint_files, never from a second lookup of its
// own, so `parse` and `probe` classify with the same databases.
#include "prober/cli/parse_verdict.hpp"

#include "config/settings.hpp"
#include "prober/cli/json_views.hpp"
#include "prober/cli/text_views.hpp"
#include "prober/cli/verdict_seam.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>

namespace iotprobe::cli {
namespace {

using nlohmann::json;

std::string or_dash(const std::optional<std::string>& value) {
  return value ? terminal_safe(*value) : std::string("-");
}

double rounded(double certainty) { return std::round(certainty * 10000.0) / 10000.0; }

void line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("  {:<10}  {}\n", label, value);
}

std::string evidence_line(const parsers::evidence& e) {
  std::string text = fmt::format("{} {} {} = \"{}\" -> {} [{}]", e.port, parsers::to_string(e.probe), e.field,
                                 terminal_safe(e.value), terminal_safe(e.fingerprint),
                                 terminal_safe(e.database));
  if (const auto family = e.params.find("iot.family"); family != e.params.end())
    text += fmt::format(" family={}", terminal_safe(family->second));
  return text;
}

}  // namespace

parsers::fingerprint_engine load_parse_engine(const std::vector<std::string>& extra_databases) {
  return load_fingerprint_engine(config::load_settings(), extra_databases);
}

json parse_verdict_json(const parsers::verdict& verdict) {
  json out = verdict_json(verdict);
  out["certainty"] = rounded(verdict.certainty);
  return out;
}

std::string parse_verdict_summary(const parsers::verdict& verdict) {
  std::string out = "verdict\n";
  line(out, "family", or_dash(verdict.family));
  line(out, "vendor", or_dash(verdict.vendor));
  line(out, "product", or_dash(verdict.product));
  line(out, "version", or_dash(verdict.version));
  line(out, "certainty", fmt::format("{:.2f}", verdict.certainty));
  if (verdict.evidence.empty()) line(out, "evidence", "none");
  for (const parsers::evidence& e : verdict.evidence) line(out, "evidence", evidence_line(e));
  if (verdict.conflicts.empty()) line(out, "conflicts", "none");
  for (const std::string& c : verdict.conflicts) line(out, "conflict", terminal_safe(c));
  return out;
}

}  // namespace iotprobe::cli
