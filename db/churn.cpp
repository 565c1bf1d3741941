// churn_table: one pass over the day range's open hosts (plus the day before, for
// "vanished"), aggregated in memory per (day, family, country) and per day in total.
#include "db/churn.hpp"

#include "db/day.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace iotprobe::db {
namespace {

using group_key = std::tuple<std::string, std::string, std::string>;  // day, family, country

struct group_acc {
  std::set<std::string> ips, unattributed, no_udn;
  std::map<std::int64_t, std::set<std::string>> device_ips;
  std::set<std::int64_t> new_devices;
};

struct host_row {
  std::string day, family, country, ip;
  std::optional<std::int64_t> device;
  bool shared = false;
  std::string first_day;
};

void add(group_acc& g, const host_row& h) {
  g.ips.insert(h.ip);
  if (!h.device) {
    g.no_udn.insert(h.ip);
  } else if (h.shared) {
    g.unattributed.insert(h.ip);
  } else {
    g.device_ips[*h.device].insert(h.ip);
    if (h.first_day == h.day) g.new_devices.insert(*h.device);
  }
}

churn_row finish(const group_key& key, const group_acc& g, const group_acc* yesterday,
                 const std::set<std::int64_t>& present_today) {
  churn_row r;
  std::tie(r.day, r.family, r.country) = key;
  r.ips = static_cast<std::int64_t>(g.ips.size());
  r.devices = static_cast<std::int64_t>(g.device_ips.size());
  std::int64_t total = 0;
  for (const auto& [device, ips] : g.device_ips) {
    const auto n = static_cast<std::int64_t>(ips.size());
    total += n;
    r.ips_per_device_max = std::max(r.ips_per_device_max, n);
    if (n > 1) ++r.multi_ip_devices;
  }
  r.ips_per_device_mean = r.devices ? static_cast<double>(total) / static_cast<double>(r.devices) : 0;
  r.new_devices = static_cast<std::int64_t>(g.new_devices.size());
  if (yesterday) {
    for (const auto& [device, ips] : yesterday->device_ips) {
      if (!present_today.count(device)) ++r.vanished_devices;
    }
  }
  r.unattributed_hosts = static_cast<std::int64_t>(g.unattributed.size());
  r.hosts_without_udn = static_cast<std::int64_t>(g.no_udn.size());
  return r;
}

}  // namespace

std::vector<churn_row> churn_table(database& db, const churn_filter& filter) {
  const auto before = shift_day(filter.from, -1);
  if (!before || !parse_day(filter.to)) return {};
  statement stmt{db,
                 "SELECT h.day, coalesce(h.family, ''), coalesce(h.country, ''), h.ip, "
                 "h.device_id, coalesce(d.shared, 0), d.first_day FROM hosts h "
                 "LEFT JOIN devices d ON d.id = h.device_id "
                 "WHERE h.open = 1 AND h.day BETWEEN ?1 AND ?2 "
                 "AND (?3 IS NULL OR h.family = ?3) AND (?4 IS NULL OR h.country = ?4)"};
  cursor c = stmt.open();
  c.bind(1, *before).bind(2, filter.to).bind(3, filter.family).bind(4, filter.country);
  std::map<group_key, group_acc> groups;
  std::map<std::string, std::set<std::int64_t>> present;  // day -> per-device UDNs seen
  while (c.next()) {
    host_row h{c.text(0), c.text(1), c.text(2), c.text(3), std::nullopt, c.int64(5) != 0,
               c.opt_text(6).value_or("")};
    if (!c.is_null(4)) h.device = c.int64(4);
    if (!filter.by_country) h.country = "*";
    add(groups[{h.day, h.family, h.country}], h);
    add(groups[{h.day, "*", "*"}], h);
    if (h.device && !h.shared) present[h.day].insert(*h.device);
  }
  // A group seen yesterday but empty today still gets a row: its devices vanished.
  std::vector<group_key> missing;
  for (const auto& [key, g] : groups) {
    const auto next = shift_day(std::get<0>(key), 1);
    if (g.device_ips.empty() || *next > filter.to) continue;
    group_key today{*next, std::get<1>(key), std::get<2>(key)};
    if (!groups.count(today)) missing.push_back(std::move(today));
  }
  for (auto& key : missing) groups[std::move(key)];
  std::map<std::string, int> groups_per_day;
  for (const auto& [key, g] : groups) {
    if (std::get<1>(key) != "*") ++groups_per_day[std::get<0>(key)];
  }
  std::vector<churn_row> rows;
  static const std::set<std::int64_t> none;
  for (const auto& [key, g] : groups) {
    const auto& [day, family, country] = key;
    if (day < filter.from) continue;
    if (family == "*" && groups_per_day[day] < 2) continue;
    const auto prev = groups.find({*shift_day(day, -1), family, country});
    const auto today = present.find(day);
    rows.push_back(finish(key, g, prev == groups.end() ? nullptr : &prev->second,
                          today == present.end() ? none : today->second));
  }
  return rows;
}

}  // namespace iotprobe::db
