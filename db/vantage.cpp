// Vantage points (see vantage.hpp): one pass over the range's open host devices with each
// row's vantage point, aggregated in memory per day.
#include "db/vantage.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace iotprobe::db {
namespace {

// Per day: for each address and each device, the vantage points that saw it.
struct day_sightings {
  std::map<std::string, std::set<std::string>> ips;
  std::map<std::int64_t, std::set<std::string>> devices;
  std::set<std::string> vantages;
};

std::map<std::string, day_sightings> load(database& db, const std::string& from, const std::string& to) {
  statement stmt{db,
                 "SELECT h.day, r.vantage, h.ip, hd.device_id, coalesce(d.shared, 0) "
                 "FROM hosts h JOIN runs r ON r.id = h.run_id "
                 "JOIN host_devices hd ON hd.host_id = h.id "
                 "LEFT JOIN devices d ON d.id = hd.device_id "
                 "WHERE h.open = 1 AND h.honeypot = 0 AND h.day BETWEEN ?1 AND ?2"};
  cursor c = stmt.open();
  c.bind(1, from).bind(2, to);
  std::map<std::string, day_sightings> days;
  while (c.next()) {
    auto& day = days[c.text(0)];
    const std::string vantage = c.text(1);
    day.vantages.insert(vantage);
    day.ips[c.text(2)].insert(vantage);
    if (!c.is_null(3) && c.int64(4) == 0) day.devices[c.int64(3)].insert(vantage);
  }
  return days;
}

}  // namespace

std::optional<std::string> vantage_error(std::string_view name) {
  const bool ok_chars = std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '-';
  });
  if (name.empty() || name.size() > 64 || !ok_chars)
    return "a vantage point's name is 1 to 64 of A-Z a-z 0-9 . _ - (got '" + std::string(name) + "')";
  return std::nullopt;
}

status set_run_vantage(database& db, std::int64_t run_id, const std::string& vantage) {
  statement stmt{db, "UPDATE runs SET vantage = ?2 WHERE id = ?1"};
  cursor c = stmt.open();
  c.bind(1, run_id).bind(2, vantage);
  return c.run();
}

std::vector<vantage_row> vantage_table(database& db, const std::string& from, const std::string& to) {
  std::vector<vantage_row> rows;
  for (const auto& [day, seen] : load(db, from, to)) {
    for (const auto& vantage : seen.vantages) {
      vantage_row r{day, vantage};
      for (const auto& [ip, by] : seen.ips) {
        if (!by.count(vantage)) continue;
        ++r.ips;
        if (by.size() == 1) ++r.ips_only_here;
      }
      for (const auto& [device, by] : seen.devices) {
        if (!by.count(vantage)) {
          ++r.devices_missed;
          continue;
        }
        ++r.devices;
        if (by.size() == 1) ++r.devices_only_here;
      }
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

}  // namespace iotprobe::db
