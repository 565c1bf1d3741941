// churn_table: one pass over the day range's open host devices (plus the day before, for
// "vanished"), aggregated in memory per (day, family, country) and per day in total.
#include "db/churn.hpp"

#include "db/day.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace iotprobe::db {
namespace {

using group_key = std::tuple<std::string, std::string, std::string>;  // day, family, country
using ip_id = std::uint32_t;  // addresses are interned once per query

template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// `a` minus `b`, both sorted and unique.
std::vector<ip_id> minus(const std::vector<ip_id>& a, const std::vector<ip_id>& b) {
  std::vector<ip_id> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// Collected unsorted while reading, then sealed (sorted, de-duplicated) once. An address
// with one attributed device is attributed; one with only shared keys is unattributed;
// one without any key has no UDN.
struct group_acc {
  std::vector<ip_id> ips, keyed, attributed, unattributed, no_udn;
  std::vector<std::pair<std::int64_t, ip_id>> device_ips;
  std::vector<std::int64_t> new_devices, devices, weak, reclassified;
  std::vector<std::pair<ip_id, double>> lags;  // one per address once sealed

  void seal() {
    for (auto* v : {&ips, &keyed, &attributed}) sort_unique(*v);
    sort_unique(lags);
    sort_unique(device_ips);
    for (auto* v : {&new_devices, &weak, &reclassified}) sort_unique(*v);
    for (const auto& [device, ip] : device_ips) {
      if (devices.empty() || devices.back() != device) devices.push_back(device);
    }
    unattributed = minus(keyed, attributed);
    no_udn = minus(ips, keyed);
  }
};

struct host_row {
  std::string day, family, country;
  ip_id ip = 0;
  std::optional<std::int64_t> device;
  bool shared = false;
  bool first_day = false;  // the device's first day ever is this row's day
  bool weak = false;       // keyed by a weaker identity kind
  bool reclassified = false;  // a reclassification of its key touched this day
  std::optional<double> lag_s;
};

void add(group_acc& g, const host_row& h) {
  g.ips.push_back(h.ip);
  if (h.lag_s) g.lags.emplace_back(h.ip, *h.lag_s);
  if (!h.device) return;
  g.keyed.push_back(h.ip);
  if (h.reclassified) g.reclassified.push_back(*h.device);
  if (h.shared) return;
  g.attributed.push_back(h.ip);
  g.device_ips.emplace_back(*h.device, h.ip);
  if (h.first_day) g.new_devices.push_back(*h.device);
  if (h.weak) g.weak.push_back(*h.device);
}

// `present_today`: sorted per-device keys seen that day in any group (the day's total).
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
  r.weak_identity_devices = static_cast<std::int64_t>(g.weak.size());
  r.reclassified_devices = static_cast<std::int64_t>(g.reclassified.size());
  if (!g.lags.empty()) {
    std::vector<double> lags;
    for (const auto& [ip, lag] : g.lags) lags.push_back(lag);
    std::nth_element(lags.begin(), lags.begin() + static_cast<std::ptrdiff_t>(lags.size() / 2), lags.end());
    r.lag_median_s = lags[lags.size() / 2];
  }
  return r;
}

using group_map = std::map<group_key, group_acc>;
using day_sets = std::map<std::string, std::vector<ip_id>>;  // per day: honeypot addresses

// Every day each device's reclassifications touched.
std::unordered_map<std::int64_t, std::vector<std::string>> reclassified_days(database& db) {
  std::unordered_map<std::int64_t, std::vector<std::string>> out;
  statement stmt{db, "SELECT device_id, days FROM reclassifications"};
  cursor c = stmt.open();
  while (c.next()) {
    auto& days = out[c.int64(0)];
    std::istringstream in(c.text(1));
    for (std::string day; std::getline(in, day, ',');) days.push_back(day);
  }
  return out;
}

// Every open host device from the day before `from` to `to`, into per-(day, family,
// country) groups plus the per-day total group (day, "*", "*"); honeypot-like hosts only
// into `honeypots`.
group_map load_groups(database& db, const churn_filter& filter, const std::string& before,
                      day_sets& honeypots) {
  const auto touched = reclassified_days(db);
  statement stmt{db,
                 "SELECT h.day, coalesce(hd.family, ''), coalesce(h.country, ''), h.ip, "
                 "hd.device_id, coalesce(d.shared, 0), d.first_day, "
                 "coalesce(d.identity_kind, 'udn') <> 'udn', h.honeypot, h.lag_s FROM hosts h "
                 "JOIN host_devices hd ON hd.host_id = h.id "
                 "LEFT JOIN devices d ON d.id = hd.device_id "
                 "WHERE h.open = 1 AND h.day BETWEEN ?1 AND ?2 "
                 "AND (?3 IS NULL OR hd.family = ?3) AND (?4 IS NULL OR h.country = ?4) "
                 "AND (?5 IS NULL OR h.lag_s <= CAST(?5 AS DOUBLE PRECISION))"};
  cursor c = stmt.open();
  c.bind(1, before).bind(2, filter.to).bind(3, filter.family).bind(4, filter.country);
  if (filter.max_lag_s) c.bind(5, *filter.max_lag_s); else c.bind_null(5);
  group_map groups;
  std::unordered_map<std::string, ip_id> ip_ids;
  while (c.next()) {
    host_row h;
    h.day = c.text(0);
    h.ip = ip_ids.emplace(c.text(3), static_cast<ip_id>(ip_ids.size())).first->second;
    if (c.int64(8) != 0) {
      honeypots[h.day].push_back(h.ip);
      continue;
    }
    h.family = c.text(1);
    h.country = c.text(2);
    if (!c.is_null(4)) h.device = c.int64(4);
    h.shared = c.int64(5) != 0;
    h.first_day = c.opt_text(6) == h.day;
    h.weak = c.int64(7) != 0;
    if (!c.is_null(9)) h.lag_s = c.real(9);
    if (const auto t = h.device ? touched.find(*h.device) : touched.end(); t != touched.end())
      h.reclassified = std::find(t->second.begin(), t->second.end(), h.day) != t->second.end();
    if (!filter.by_country) h.country.assign(1, '*');
    add(groups[{h.day, h.family, h.country}], h);
    add(groups[{h.day, "*", "*"}], h);
  }
  for (auto& [key, g] : groups) g.seal();
  for (auto& [day, ips] : honeypots) {
    sort_unique(ips);
    groups[{day, "*", "*"}];  // a day with honeypots gets a total row to report them
  }
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
  day_sets honeypots;
  group_map groups = load_groups(db, filter, *before, honeypots);
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
    const auto pots = honeypots.find(day);
    if (family == "*" && groups_per_day[day] < 2 && pots == honeypots.end()) continue;
    const auto yesterday = shift_day(day, -1);
    const auto prev = yesterday ? groups.find({*yesterday, family, country}) : groups.end();
    const auto today = groups.find({day, "*", "*"});
    rows.push_back(finish(key, g, prev == groups.end() ? nullptr : &prev->second,
                          today == groups.end() ? none : today->second.devices));
    if (family == "*" && pots != honeypots.end())
      rows.back().honeypot_hosts = static_cast<std::int64_t>(pots->second.size());
  }
  return rows;
}

}  // namespace iotprobe::db
