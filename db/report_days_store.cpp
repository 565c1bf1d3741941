// Keeping per-day report summaries in the store and reading them back (see
// report_days.hpp). A write is best effort: it waits at most a moment for a running batch,
// and a failed write only means the next report computes that day again.
#include "db/day.hpp"
#include "db/report_days.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace iotprobe::db {
namespace {

constexpr const char* family_columns =
    "day, family, country, ips, devices, ips_per_device_mean, ips_per_device_max, "
    "multi_ip_devices, new_devices, vanished_devices, unattributed_hosts, hosts_without_udn, "
    "weak_identity_devices, reclassified_devices, honeypot_hosts";

status insert_counts(database& db, const day_summary& s) {
  statement q{db, "INSERT INTO report_days(day, country, darknet, admitted, probed, open, "
                  "identified, with_udn, unattributed, devices) "
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};
  for (const auto& n : s.counts) {
    cursor c = q.open();
    c.bind(1, s.day).bind(2, n.country).bind(3, n.darknet).bind(4, n.admitted).bind(5, n.probed);
    c.bind(6, n.open).bind(7, n.identified).bind(8, n.with_udn).bind(9, n.unattributed);
    if (status r = c.bind(10, n.devices).run(); !r.ok()) return r;
  }
  return {};
}

status insert_families(database& db, const day_summary& s) {
  statement q{db, std::string("INSERT INTO report_family_days(") + family_columns +
                      ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
                      "ON CONFLICT(day, family, country) DO UPDATE SET ips = excluded.ips, "
                      "devices = excluded.devices, ips_per_device_mean = excluded.ips_per_device_mean, "
                      "ips_per_device_max = excluded.ips_per_device_max, "
                      "multi_ip_devices = excluded.multi_ip_devices, new_devices = excluded.new_devices, "
                      "vanished_devices = excluded.vanished_devices, "
                      "unattributed_hosts = excluded.unattributed_hosts, "
                      "hosts_without_udn = excluded.hosts_without_udn, "
                      "weak_identity_devices = excluded.weak_identity_devices, "
                      "reclassified_devices = excluded.reclassified_devices, "
                      "honeypot_hosts = excluded.honeypot_hosts"};
  for (const auto& r : s.families) {
    cursor c = q.open();
    c.bind(1, r.day).bind(2, r.family).bind(3, r.country).bind(4, r.ips).bind(5, r.devices);
    c.bind(6, r.ips_per_device_mean).bind(7, r.ips_per_device_max).bind(8, r.multi_ip_devices);
    c.bind(9, r.new_devices).bind(10, r.vanished_devices).bind(11, r.unattributed_hosts);
    c.bind(12, r.hosts_without_udn).bind(13, r.weak_identity_devices).bind(14, r.reclassified_devices);
    if (status st = c.bind(15, r.honeypot_hosts).run(); !st.ok()) return st;
  }
  return {};
}

status insert_firmware(database& db, const day_summary& s) {
  statement q{db, "INSERT INTO report_firmware_days(day, family, country, firmware, hosts) "
                  "VALUES(?1, ?2, ?3, ?4, ?5)"};
  for (const auto& f : s.firmware) {
    cursor c = q.open();
    c.bind(1, s.day).bind(2, f.family).bind(3, f.country).bind(4, f.firmware);
    if (status r = c.bind(5, f.hosts).run(); !r.ok()) return r;
  }
  return {};
}

status write_summary(database& db, const day_summary& s, const std::string& stamp) {
  for (const char* table : {"report_days", "report_family_days", "report_firmware_days",
                            "report_day_stamps"}) {
    statement del{db, std::string("DELETE FROM ") + table + " WHERE day = ?1"};
    cursor c = del.open();
    if (status r = c.bind(1, s.day).run(); !r.ok()) return r;
  }
  if (status r = insert_counts(db, s); !r.ok()) return r;
  if (status r = insert_families(db, s); !r.ok()) return r;
  if (status r = insert_firmware(db, s); !r.ok()) return r;
  statement q{db, "INSERT INTO report_day_stamps(day, stamp, computed_at) VALUES(?1, ?2, ?3)"};
  cursor c = q.open();
  c.bind(1, s.day).bind(2, stamp).bind(3, iso_time(std::chrono::system_clock::now()));
  return c.run();
}

// Calls `add` for each row of `sql` (?1 from, ?2 to; column 0 the day) whose day is in
// `out`, i.e. has a summary whose stamp still holds.
void load_rows(database& db, const std::string& sql, const std::string& from, const std::string& to,
               std::map<std::string, day_summary>& out,
               const std::function<void(day_summary&, const cursor&)>& add) {
  statement q{db, sql};
  cursor c = q.open();
  c.bind(1, from).bind(2, to);
  while (c.next())
    if (const auto it = out.find(c.text(0)); it != out.end()) add(it->second, c);
}

day_counts counts_of(const cursor& c) {
  return {c.text(1), c.int64(2), c.int64(3), c.int64(4), c.int64(5),
          c.int64(6), c.int64(7), c.int64(8), c.int64(9)};
}

churn_row churn_row_of(const cursor& c) {
  churn_row r;
  r.day = c.text(0);
  r.family = c.text(1);
  r.country = c.text(2);
  r.ips = c.int64(3);
  r.devices = c.int64(4);
  r.ips_per_device_mean = c.real(5);
  r.ips_per_device_max = c.int64(6);
  r.multi_ip_devices = c.int64(7);
  r.new_devices = c.int64(8);
  r.vanished_devices = c.int64(9);
  r.unattributed_hosts = c.int64(10);
  r.hosts_without_udn = c.int64(11);
  r.weak_identity_devices = c.int64(12);
  r.reclassified_devices = c.int64(13);
  r.honeypot_hosts = c.int64(14);
  return r;
}

}  // namespace

status store_summary(database& db, const day_summary& s, const std::string& stamp) {
  // A running batch holds the writer between its commits: try briefly, never stall a report.
  std::int64_t timeout_ms = 5000;
  {
    statement q{db, "PRAGMA busy_timeout"};
    cursor c = q.open();
    if (c.next()) timeout_ms = c.int64(0);
  }
  db.exec("PRAGMA busy_timeout = 250");
  status result;
  {
    transaction tx{db};
    result = tx.begun();
    if (result.ok()) result = write_summary(db, s, stamp);
    if (result.ok()) result = tx.commit();
  }
  db.exec("PRAGMA busy_timeout = " + std::to_string(timeout_ms));
  return result;
}

std::map<std::string, day_summary> load_summaries(database& db, const std::string& from,
                                                  const std::string& to,
                                                  const std::map<std::string, std::string>& stamps) {
  std::map<std::string, day_summary> out;
  statement q{db, "SELECT day, stamp FROM report_day_stamps WHERE day BETWEEN ?1 AND ?2"};
  cursor c = q.open();
  c.bind(1, from).bind(2, to);
  while (c.next()) {
    const auto want = stamps.find(c.text(0));
    if (want != stamps.end() && want->second == c.text(1)) out[c.text(0)].day = c.text(0);
  }
  const char* range = " WHERE day BETWEEN ?1 AND ?2";
  load_rows(db, std::string("SELECT day, country, darknet, admitted, probed, open, identified, "
                            "with_udn, unattributed, devices FROM report_days") + range,
            from, to, out, [](day_summary& s, const cursor& c) { s.counts.push_back(counts_of(c)); });
  load_rows(db, std::string("SELECT ") + family_columns + " FROM report_family_days" + range, from, to,
            out, [](day_summary& s, const cursor& c) { s.families.push_back(churn_row_of(c)); });
  load_rows(db, std::string("SELECT day, family, country, firmware, hosts FROM report_firmware_days") + range,
            from, to, out, [](day_summary& s, const cursor& c) {
              s.firmware.push_back({c.text(1), c.text(2), c.text(3), c.int64(4)});
            });
  return out;
}

std::vector<day_summary> day_summaries(database& db, const std::string& from,
                                       const std::string& to) {
  const auto stamps = day_stamps(db, from, to);
  auto stored = load_summaries(db, from, to, stamps);
  std::vector<day_summary> out;
  for (const auto& [day, stamp] : stamps) {
    auto it = stored.find(day);
    if (it != stored.end()) {
      out.push_back(std::move(it->second));
      continue;
    }
    out.push_back(summarise_day(db, day));
    if (stamp_is_final(stamp)) store_summary(db, out.back(), stamp);
  }
  return out;
}

}  // namespace iotprobe::db
