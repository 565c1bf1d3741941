// report_text and funnel_text (see report_views.hpp): aligned tables for a terminal. Every
// stored string passes through terminal_safe; the churn table is churn's own view.
#include "prober/output/report_views.hpp"
#include "prober/output/store_views.hpp"
#include "prober/output/terminal.hpp"

#include <fmt/format.h>

namespace iotprobe::output {
namespace {

std::string ratio_text(std::int64_t identified, std::int64_t devices) {
  const auto r = db::inflation(identified, devices);
  return r ? fmt::format("{:.2f}", *r) : "-";
}

std::string filter_line(const db::report_data& r) {
  const auto& f = r.filter;
  std::string families = "all families";
  if (!f.families.empty()) {
    families.clear();
    for (const auto& name : f.families) families += (families.empty() ? "" : ", ") + terminal_safe(name);
  }
  return fmt::format("iotprobe report {} .. {} ({}; {})\n", f.from, f.to, families,
                     f.country ? "country " + terminal_safe(*f.country) : "all countries");
}

std::string family_table(const db::report_data& r) {
  std::string out = fmt::format("{:<10} {:<20} {:>10} {:>9} {:>8} {:>12} {:>9}\n", "day", "family",
                                "identified", "with-udn", "devices", "unattributed", "inflation");
  for (const auto& f : r.family_funnel) {
    out += fmt::format("{:<10} {:<20} {:>10} {:>9} {:>8} {:>12} {:>9}\n", f.day, terminal_safe(f.family),
                       f.identified, f.with_udn, f.devices, f.unattributed,
                       ratio_text(f.identified, f.devices));
  }
  return out;
}

std::string top_table(const std::vector<db::top_row>& rows, const char* what, const char* unit) {
  std::string out = fmt::format("{:<20} {:<40} {:>10}\n", "family", what, unit);
  for (const auto& t : rows)
    out += fmt::format("{:<20} {:<40} {:>10}\n", terminal_safe(t.family), terminal_safe(t.value), t.count);
  return out;
}

std::string cumulative_table(const db::report_data& r) {
  std::string out = fmt::format("{:<20} {:>8}\n", "family", "devices");
  for (const auto& c : r.cumulative) {
    if (c.day != r.days.back()) continue;
    out += fmt::format("{:<20} {:>8}\n", c.family == "*" ? "(all families)" : terminal_safe(c.family), c.devices);
  }
  return out;
}

std::string country_table(const db::report_data& r) {
  std::string out = fmt::format("{:<8} {:>14} {:>14} {:>12}\n", "country", "darknet", "identified", "devices");
  std::size_t shown = 0;
  for (const auto& c : r.countries) {
    if (shown++ == r.filter.top) break;
    out += fmt::format("{:<8} {:>14} {:>14} {:>12}\n", c.country.empty() ? "-" : terminal_safe(c.country),
                       c.darknet, c.identified, c.devices);
  }
  return out;
}

}  // namespace

std::string funnel_text(const db::report_data& r) {
  std::string out = fmt::format("{:<10} {:>8} {:>8} {:>8} {:>8} {:>10} {:>9} {:>8} {:>12} {:>9}\n", "day",
                                "darknet", "admitted", "probed", "open", "identified", "with-udn",
                                "devices", "unattributed", "inflation");
  for (const auto& d : r.funnel) {
    out += fmt::format("{:<10} {:>8} {:>8} {:>8} {:>8} {:>10} {:>9} {:>8} {:>12} {:>9}\n", d.day,
                       d.darknet, d.admitted, d.probed, d.open, d.identified, d.with_udn, d.devices,
                       d.unattributed, ratio_text(d.identified, d.devices));
  }
  return out;
}

std::string report_text(const db::report_data& r) {
  std::string out = filter_line(r);
  out += "\nThe daily funnel (distinct addresses per day; devices = unique per-device UDNs; "
         "inflation = identified / devices)\n" + funnel_text(r);
  out += "\nPer family\n" + family_table(r);
  out += "\nChurn (as `iotprobe churn` computes it)\n" + churn_text(r.churn);
  out += "\nUnique devices seen in the period\n" + cumulative_table(r);
  out += "\nTop models per family (unique devices)\n" + top_table(r.models, "model", "devices");
  out += "\nTop firmware strings per family (the fingerprint's version; address-days)\n" +
         top_table(r.firmware, "firmware", "addr-days");
  out += "\nTop countries (sums over the days)\n" + country_table(r);
  return out;
}

}  // namespace iotprobe::output
