// build_report: the period's per-day summaries (db/report_days) filtered by country and
// family, plus the two live queries that summaries cannot answer: each device's first day
// in the period (one index seek per device, never a scan of hosts) and the models of the
// devices seen. Everything here loops over summary rows (days × families × countries).
#include "db/report.hpp"

#include "db/day.hpp"
#include "db/report_days.hpp"
#include "db/report_devices.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <set>

namespace iotprobe::db {
namespace {

bool chosen(const report_filter& f, const std::string& family) {
  return f.families.empty() ||
         std::find(f.families.begin(), f.families.end(), family) != f.families.end();
}

bool named_family(const std::string& family) { return !family.empty() && family != "*"; }

std::vector<std::string> every_day(const std::string& from, const std::string& to) {
  std::vector<std::string> days;
  for (std::string d = from; d <= to; d = *shift_day(d, 1)) days.push_back(d);
  return days;
}

funnel_day funnel_of(const report_filter& f, const day_summary& s, const std::string& country) {
  funnel_day out;
  out.day = s.day;
  for (const auto& n : s.counts) {
    if (n.country != country) continue;
    out = {s.day, n.darknet, n.admitted, n.probed, n.open, n.identified, n.with_udn,
           n.devices, n.unattributed};
  }
  if (f.families.empty()) return out;
  out.identified = out.with_udn = out.devices = out.unattributed = 0;  // sums over families
  for (const auto& r : s.families) {
    if (r.country != country || !named_family(r.family) || !chosen(f, r.family)) continue;
    out.identified += r.ips;
    out.with_udn += r.ips - r.unattributed_hosts - r.hosts_without_udn;
    out.devices += r.devices;
    out.unattributed += r.unattributed_hosts;
  }
  return out;
}

void add_day(report_data& out, const day_summary& s) {
  const auto& f = out.filter;
  const std::string country = f.country.value_or("*");
  out.funnel.back() = funnel_of(f, s, country);
  for (const auto& r : s.families) {
    const bool family_ok = f.families.empty() ? true : named_family(r.family) && chosen(f, r.family);
    if (r.country == country && family_ok) out.churn.push_back(r);
    if (!named_family(r.family) || !chosen(f, r.family)) continue;
    if (r.country == country) {
      out.family_funnel.push_back({s.day, r.family, r.ips,
                                   r.ips - r.unattributed_hosts - r.hosts_without_udn, r.devices,
                                   r.unattributed_hosts});
    }
    if (r.country == f.focus_country) {
      out.focus.push_back({s.day, r.family, r.ips, r.family == f.focus_family ? r.devices : 0});
    }
  }
}

void add_countries(report_data& out, const std::vector<day_summary>& days) {
  std::map<std::string, country_row> by_country;
  const auto& f = out.filter;
  for (const auto& s : days) {
    for (const auto& n : s.counts) {
      if (n.country == "*" || (f.country && n.country != *f.country)) continue;
      auto& c = by_country[n.country];
      c.country = n.country;
      c.darknet += n.darknet;
      if (f.families.empty()) {
        c.identified += n.identified;
        c.devices += n.devices;
      }
    }
    if (f.families.empty()) continue;
    for (const auto& r : s.families) {
      if (r.country == "*" || !named_family(r.family) || !chosen(f, r.family)) continue;
      if (f.country && r.country != *f.country) continue;
      auto& c = by_country[r.country];
      c.country = r.country;
      c.identified += r.ips;
      c.devices += r.devices;
    }
  }
  for (auto& [name, c] : by_country) out.countries.push_back(c);
  std::stable_sort(out.countries.begin(), out.countries.end(),
                   [](const auto& a, const auto& b) { return a.darknet > b.darknet; });
}

// Top `n` values per family by count, families in `order`.
std::vector<top_row> top_per_family(std::map<std::pair<std::string, std::string>, std::int64_t> counts,
                                    const std::vector<std::string>& order, std::size_t n) {
  std::vector<top_row> out;
  for (const auto& family : order) {
    std::vector<top_row> rows;
    for (const auto& [key, count] : counts)
      if (key.first == family) rows.push_back({key.first, key.second, count});
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
    if (rows.size() > n) rows.resize(n);
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

void add_firmware(report_data& out, const std::vector<day_summary>& days) {
  std::map<std::pair<std::string, std::string>, std::int64_t> counts;
  for (const auto& s : days)
    for (const auto& fw : s.firmware)
      if ((!out.filter.country || fw.country == *out.filter.country) && chosen(out.filter, fw.family))
        counts[{fw.family, fw.firmware}] += fw.hosts;
  out.firmware = top_per_family(std::move(counts), out.families, out.filter.top);
}

// Running totals of the first days, per family and over all ("*"), on every day.
void add_cumulative(report_data& out, const devices_seen& seen) {
  std::set<std::string> families{"*"};
  for (const auto& [key, n] : seen.first_days) families.insert(key.second);
  std::map<std::string, std::int64_t> total;
  for (const auto& day : out.days) {
    for (const auto& family : families) {
      if (family != "*") {
        const auto it = seen.first_days.find({day, family});
        const std::int64_t n = it == seen.first_days.end() ? 0 : it->second;
        total[family] += n;
        total["*"] += n;
      }
    }
    for (const auto& family : families) out.cumulative.push_back({day, family, total[family]});
  }
}

void rank_families(report_data& out) {
  std::map<std::string, std::int64_t> hosts;
  for (const auto& r : out.family_funnel) hosts[r.family] += r.identified;
  for (const auto& [family, n] : hosts) out.families.push_back(family);
  std::stable_sort(out.families.begin(), out.families.end(),
                   [&](const auto& a, const auto& b) { return hosts[a] > hosts[b]; });
}

}  // namespace

std::optional<double> inflation(std::int64_t identified, std::int64_t devices) {
  if (devices <= 0) return std::nullopt;
  return static_cast<double>(identified) / static_cast<double>(devices);
}

report_data build_report(database& db, const report_filter& filter) {
  if (!parse_day(filter.from) || !parse_day(filter.to) || filter.from > filter.to) {
    throw db_error(fmt::format("bad period {} .. {} (want YYYY-MM-DD, from <= to)", filter.from,
                               filter.to), 0);
  }
  report_data out;
  out.filter = filter;
  out.days = every_day(filter.from, filter.to);
  const auto summaries = day_summaries(db, filter.from, filter.to);
  auto s = summaries.begin();
  for (const auto& day : out.days) {
    out.funnel.push_back({});
    out.funnel.back().day = day;
    if (s != summaries.end() && s->day == day) add_day(out, *s++);
  }
  rank_families(out);
  add_countries(out, summaries);
  add_firmware(out, summaries);
  const devices_seen seen = devices_seen_in(db, filter);
  add_cumulative(out, seen);
  out.models = top_per_family(seen.models, out.families, filter.top);
  return out;
}

}  // namespace iotprobe::db
