// churn_table: one pass over the day range's open hosts (plus the day before, for
// "vanished"), aggregated in memory per (day, family, country) and per day in total.
#include "db/churn.hpp"

#include "db/day.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>
#include <tuple>

namespace iotprobe::db {
namespace {

using group_key = std::tuple<std::string, std::string, std::string>;  // day, family, country
using ip_id = std::uint32_t;  // addresses are interned once per query

template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Collected unsorted while reading, then sealed (sorted, de-duplicated) once.
struct group_acc {
  std::vector<ip_id> ips, unattributed, no_udn;
  std::vector<std::pair<std::int64_t, ip_id>> device_ips;
  std::vector<std::int64_t> new_devices, devices;

  void seal() {
    sort_unique(ips);
    sort_unique(unattributed);
    sort_unique(no_udn);
    sort_unique(device_ips);
    sort_unique(new_devices);
    for (const auto& [device, ip] : device_ips) {
      if (devices.empty() || devices.back() != device) devices.push_back(device);
    }
  }
};

struct host_row {
  std::string day, family, country;
  ip_id ip = 0;
  std::optional<std::int64_t> device;
  bool shared = false;
  bool first_day = false;  // the device's first day ever is this row's day
};

void add(group_acc& g, const host_row& h) {
  g.ips.push_back(h.ip);
  if (!h.device) {
    g.no_udn.push_back(h.ip);
  } else if (h.shared) {
    g.unattributed.push_back(h.ip);
  } else {
    g.device_ips.emplace_back(*h.device, h.ip);
    if (h.first_day) g.new_devices.push_back(*h.device);
  }
}

// `present_today`: sorted per-device UDNs seen that day in any group (the day's total).
churn_row finish(const group_key& key, const group_acc& g, const group_acc* yesterday,
                 const std::vector<std::int64_t>& present_today) {
  churn_row r;
  std::tie(r.day, r.family, r.country) = key;
  r.ips = static_cast<std::int64_t>(g.ips.size());
  r.devices = static_cast<std::int64_t>(g.devices.size());
  for (std::size_t i = 0; i < g.device_ips.size();) {
    std::size_t j = i;
    while (j < g.device_ips.size() && g.device_ips[j].first == g.device_ips[i].first) ++j;
    const auto n = static_cast<std::int64_t>(j - i);
    r.ips_per_device_max = std::max(r.ips_per_device_max, n);
    if (n > 1) ++r.multi_ip_devices;
    i = j;
  }
  r.ips_per_device_mean = r.devices ? static_cast<double>(g.device_ips.size()) /
                                          static_cast<double>(r.devices)
                                    : 0;
  r.new_devices = static_cast<std::int64_t>(g.new_devices.size());
  if (yesterday) {
    for (const auto device : yesterday->devices) {
      if (!std::binary_search(present_today.begin(), present_today.end(), device)) {
        ++r.vanished_devices;
      }
    }
  }
  r.unattributed_hosts = static_cast<std::int64_t>(g.unattributed.size());
  r.hosts_without_udn = static_cast<std::int64_t>(g.no_udn.size());
  return r;
}

using group_map = std::map<group_key, group_acc>;

// Every open host from the day before `from` to `to`, into per-(day, family, country)
// groups plus the per-day total group (day, "*", "*").
group_map load_groups(database& db, const churn_filter& filter, const std::string& before) {
  statement stmt{db,
                 "SELECT h.day, coalesce(h.family, ''), coalesce(h.country, ''), h.ip, "
                 "h.device_id, coalesce(d.shared, 0), d.first_day FROM hosts h "
                 "LEFT JOIN devices d ON d.id = h.device_id "
                 "WHERE h.open = 1 AND h.day BETWEEN ?1 AND ?2 "
                 "AND (?3 IS NULL OR h.family = ?3) AND (?4 IS NULL OR h.country = ?4)"};
  cursor c = stmt.open();
  c.bind(1, before).bind(2, filter.to).bind(3, filter.family).bind(4, filter.country);
  group_map groups;
  std::unordered_map<std::string, ip_id> ip_ids;
  while (c.next()) {
    host_row h;
    h.day = c.text(0);
    h.family = c.text(1);
    h.country = c.text(2);
    h.ip = ip_ids.emplace(c.text(3), static_cast<ip_id>(ip_ids.size())).first->second;
    if (!c.is_null(4)) h.device = c.int64(4);
    h.shared = c.int64(5) != 0;
    h.first_day = c.opt_text(6) == h.day;
    if (!filter.by_country) h.country.assign(1, '*');
    add(groups[{h.day, h.family, h.country}], h);
    add(groups[{h.day, "*", "*"}], h);
  }
  for (auto& [key, g] : groups) g.seal();
  return groups;
}

// A group seen yesterday but empty today still gets a row: its devices vanished.
void add_vanished_groups(group_map& groups, const std::string& to) {
  std::vector<group_key> missing;
  for (const auto& [key, g] : groups) {
    const auto next = shift_day(std::get<0>(key), 1);
    if (!next || g.devices.empty() || *next > to) continue;
    group_key today{*next, std::get<1>(key), std::get<2>(key)};
    if (!groups.count(today)) missing.push_back(std::move(today));
  }
  for (auto& key : missing) groups[std::move(key)];
}

}  // namespace

std::vector<churn_row> churn_table(database& db, const churn_filter& filter) {
  const auto before = shift_day(filter.from, -1);
  if (!before || !parse_day(filter.to)) return {};
  group_map groups = load_groups(db, filter, *before);
  add_vanished_groups(groups, filter.to);
  std::map<std::string, int> groups_per_day;
  for (const auto& [key, g] : groups) {
    if (std::get<1>(key) != "*") ++groups_per_day[std::get<0>(key)];
  }
  std::vector<churn_row> rows;
  static const std::vector<std::int64_t> none;
  for (const auto& [key, g] : groups) {
    const auto& [day, family, country] = key;
    if (day < filter.from) continue;
    if (family == "*" && groups_per_day[day] < 2) continue;
    const auto yesterday = shift_day(day, -1);
    const auto prev = yesterday ? groups.find({*yesterday, family, country}) : groups.end();
    const auto today = groups.find({day, "*", "*"});
    rows.push_back(finish(key, g, prev == groups.end() ? nullptr : &prev->second,
                          today == groups.end() ? none : today->second.devices));
  }
  return rows;
}

}  // namespace iotprobe::db
