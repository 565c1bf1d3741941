// The per-vantage churn views (see vantage_views.hpp). Vantage names are validated when
// stored, but a store may come from elsewhere: text output stays terminal-safe.
#include "prober/output/vantage_views.hpp"

#include "prober/output/terminal.hpp"

#include <fmt/format.h>

namespace iotprobe::output {

nlohmann::json vantage_json(const std::vector<db::vantage_row>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    out.push_back({{"day", r.day}, {"vantage", r.vantage}, {"ips", r.ips}, {"devices", r.devices},
                   {"ips_only_here", r.ips_only_here}, {"devices_only_here", r.devices_only_here},
                   {"devices_missed", r.devices_missed}});
  }
  return out;
}

std::string vantage_text(const std::vector<db::vantage_row>& rows) {
  std::string out = fmt::format("{:<10} {:<16} {:>7} {:>7} {:>9} {:>9} {:>7}\n", "day", "vantage",
                                "ips", "devices", "only-ips", "only-devs", "missed");
  for (const auto& r : rows) {
    out += fmt::format("{:<10} {:<16} {:>7} {:>7} {:>9} {:>9} {:>7}\n", terminal_safe(r.day),
                       terminal_safe(r.vantage), r.ips, r.devices, r.ips_only_here,
                       r.devices_only_here, r.devices_missed);
  }
  out += "only-ips / only-devs = seen open from this vantage point alone that day; missed = "
         "devices another vantage point saw that day and this one did not\n";
  return out;
}

}  // namespace iotprobe::output
