// devices_seen_in (see report_devices.hpp). The correlated min() is one seek per device on
// sightings' UNIQUE(device_id, day, ip). A candidate sighting is checked against its host
// (hosts(ip), host_devices: a device counts where churn counts it) only with a country
// filter, or for the few devices a honeypot-like host served in the period
// (hosts_honeypot_day).
#include "db/report_devices.hpp"

#include <nlohmann/json.hpp>

namespace iotprobe::db {

const char* devices_seen_sql() {
  return "WITH seen AS MATERIALIZED (SELECT d.family AS family, "
              "coalesce(d.model_name, '') AS model, (SELECT min(s.day) FROM sightings s "
              "WHERE s.device_id = d.id AND s.day BETWEEN ?1 AND ?2 AND ((?3 IS NULL AND (NOT ?5 "
              "OR d.id NOT IN (SELECT hd.device_id FROM hosts h JOIN host_devices hd "
              "ON hd.host_id = h.id WHERE h.honeypot = 1 AND h.day BETWEEN ?1 AND ?2 "
              "AND hd.device_id IS NOT NULL))) "
              "OR EXISTS (SELECT 1 FROM hosts h JOIN host_devices hd ON hd.host_id = h.id "
              "WHERE h.ip = s.ip AND h.day = s.day AND hd.device_id = s.device_id "
              "AND h.honeypot = 0 AND (?3 IS NULL OR h.country = ?3)))) AS first "
              "FROM devices d WHERE d.shared = 0 AND d.family IS NOT NULL "
              "AND d.first_day <= ?2 AND d.last_day >= ?1 "
              "AND (?4 IS NULL OR d.family IN (SELECT value FROM json_each(?4)))) "
              "SELECT 0, first, family, count(*) FROM seen WHERE first IS NOT NULL "
              "GROUP BY first, family UNION ALL "
              "SELECT 1, family, model, count(*) FROM seen WHERE first IS NOT NULL "
              "GROUP BY family, model";
}

namespace {

// Whether honeypot-like hosts answered in [from, to] (their sightings must then be checked
// against their hosts; without them, and without a country, no host is read at all).
bool honeypots_in(database& db, const report_filter& filter) {
  statement q{db, "SELECT EXISTS (SELECT 1 FROM hosts WHERE honeypot = 1 AND day BETWEEN ?1 AND ?2)"};
  cursor c = q.open();
  c.bind(1, filter.from).bind(2, filter.to);
  return c.next() && c.int64(0) != 0;
}

}  // namespace

devices_seen devices_seen_in(database& db, const report_filter& filter) {
  statement q{db, devices_seen_sql()};
  cursor c = q.open();
  c.bind(1, filter.from).bind(2, filter.to).bind(3, filter.country);
  if (filter.families.empty()) c.bind_null(4);
  else c.bind(4, nlohmann::json(filter.families).dump());
  c.bind(5, honeypots_in(db, filter) ? 1 : 0);
  devices_seen out;
  while (c.next()) {
    auto& target = c.int64(0) == 0 ? out.first_days : out.models;
    target[{c.text(1), c.text(2)}] = c.int64(3);
  }
  if (!c.result().ok()) throw db_error("report: devices seen: " + c.result().message, c.result().code);
  return out;
}

}  // namespace iotprobe::db
