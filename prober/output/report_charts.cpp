// Building the report's chart specs from report_data (see report_charts.hpp). One value
// per day of the period for every series; a day without data is 0.
#include "prober/output/report_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace iotprobe::output {
namespace {

using series_map = std::map<std::string, std::vector<double>>;

std::size_t day_index(const db::report_data& r, const std::string& day) {
  return static_cast<std::size_t>(std::lower_bound(r.days.begin(), r.days.end(), day) - r.days.begin());
}

void put(series_map& m, const db::report_data& r, const std::string& name, const std::string& day,
         double value) {
  auto& values = m[name];
  values.resize(r.days.size(), 0.0);
  if (const auto i = day_index(r, day); i < values.size()) values[i] = value;
}

// The series of `m` in the report's family order (most hosts first), then any others; a
// family's style slot is its rank, so it keeps its colour from chart to chart.
std::vector<chart_series> ordered(const series_map& m, const db::report_data& r) {
  std::vector<chart_series> out;
  for (std::size_t i = 0; i < r.families.size(); ++i)
    if (const auto it = m.find(r.families[i]); it != m.end())
      out.push_back({r.families[i], it->second, static_cast<int>(i)});
  for (const auto& [name, values] : m)
    if (std::find(r.families.begin(), r.families.end(), name) == r.families.end())
      out.push_back({name, values, static_cast<int>(r.families.size() + out.size())});
  return out;
}

chart_spec base(const db::report_data& r, std::string id, std::string title, std::string y_label,
                std::string unit) {
  chart_spec spec;
  spec.id = std::move(id);
  spec.title = std::move(title);
  spec.y_label = std::move(y_label);
  spec.unit = std::move(unit);
  spec.x_labels = r.days;
  return spec;
}

chart_spec hosts_per_family(const db::report_data& r) {
  auto spec = base(r, "hosts-per-family", "Daily identified hosts per family", "hosts per day", "hosts");
  series_map bars;
  for (const auto& f : r.family_funnel) put(bars, r, f.family, f.day, static_cast<double>(f.identified));
  spec.bars = ordered(bars, r);
  return spec;
}

chart_spec focus(const db::report_data& r) {
  const auto& f = r.filter;
  auto spec = base(r, "focus", fmt::format("{}: daily hosts by family, {} unique UUIDs", f.focus_country, f.focus_family),
                   "hosts per day", "");
  series_map bars, line;
  put(line, r, f.focus_family + " unique UUIDs", r.days.front(), 0);
  for (const auto& d : r.focus) {
    put(bars, r, d.family, d.day, static_cast<double>(d.identified));
    if (d.family == f.focus_family)
      put(line, r, f.focus_family + " unique UUIDs", d.day, static_cast<double>(d.devices));
  }
  spec.bars = ordered(bars, r);
  // The focus family at the bottom of each bar, so its band and its UUID line share a base.
  std::stable_partition(spec.bars.begin(), spec.bars.end(),
                        [&](const chart_series& s) { return s.name == f.focus_family; });
  spec.lines = ordered(line, r);
  return spec;
}

chart_spec cumulative(const db::report_data& r) {
  auto spec = base(r, "cumulative-devices", "Cumulative unique UUIDs over the period",
                   "devices seen so far", "devices");
  series_map lines;
  for (const auto& c : r.cumulative)
    put(lines, r, c.family == "*" ? "all families" : c.family, c.day, static_cast<double>(c.devices));
  spec.lines = ordered(lines, r);
  spec.step_lines = true;
  return spec;
}

chart_spec inflation(const db::report_data& r) {
  auto spec = base(r, "inflation", "Inflation: identified addresses per unique device",
                   "addresses per device", "addresses per device");
  spec.decimals = 2;
  std::map<std::string, bool> has_devices;
  for (const auto& f : r.family_funnel) has_devices[f.family] = has_devices[f.family] || f.devices > 0;
  series_map lines;
  for (const auto& f : r.family_funnel)
    if (has_devices[f.family]) put(lines, r, f.family, f.day, db::inflation(f.identified, f.devices).value_or(0));
  spec.lines = ordered(lines, r);
  return spec;
}

}  // namespace

std::vector<named_chart> report_charts(const db::report_data& r) {
  return {{"hosts-per-family.svg",
           "One bar per day, one band per family: its identified addresses that day.",
           hosts_per_family(r)},
          {"focus.svg",
           "Where the bars stand far above the line, IP churn inflated the host count: the same "
           "devices answered at several addresses.",
           focus(r)},
          {"cumulative-devices.svg",
           "Per-device UPnP UDNs seen since the first day of the period; each step is a day's new devices.",
           cumulative(r)},
          {"inflation.svg",
           "Identified addresses per unique device and day; 1.00 means one address per device.",
           inflation(r)}};
}

}  // namespace iotprobe::output
