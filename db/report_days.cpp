// Computing, storing and loading per-day report summaries (see report_days.hpp). The day's
// counts are distinct addresses (one day may have several runs), read with aggregate SQL
// over that day's rows only; churn's columns come from db/churn itself.
#include "db/report_days.hpp"

#include "db/day.hpp"
#include "db/report_rows.hpp"

#include <fmt/format.h>

namespace iotprobe::db {
namespace {

// GROUP BY this: one row per country, or (?2 = 1) one row "*" over every country.
constexpr const char* country_key = "CASE WHEN ?2 THEN '*' ELSE coalesce(country, '') END";

std::string sources_sql() {
  return fmt::format(
      "SELECT {0} AS c, count(DISTINCT ip), count(DISTINCT CASE WHEN admission = 'accepted' "
      "THEN ip END) FROM sources WHERE day = ?1 GROUP BY c",
      country_key);
}

// Per address first (it may have answered in one run and not in another), then per country.
// Flags are CASE … THEN 1 ELSE 0, not boolean arithmetic, so that PostgreSQL reads it too.
std::string hosts_sql() {
  return fmt::format(
      "WITH shared AS (SELECT id FROM devices WHERE shared = 1), per_ip AS ("
      "SELECT {0} AS c, ip, max(open) AS open, "
      "max(CASE WHEN open = 1 AND family IS NOT NULL THEN 1 ELSE 0 END) AS identified, "
      "max(CASE WHEN open = 1 AND family IS NOT NULL AND device_id IS NOT NULL "
      "AND device_id NOT IN (SELECT id FROM shared) THEN 1 ELSE 0 END) AS with_udn, "
      "max(CASE WHEN open = 1 AND family IS NOT NULL AND device_id IS NOT NULL "
      "AND device_id IN (SELECT id FROM shared) THEN 1 ELSE 0 END) AS any_shared "
      "FROM ({1}) AS hd WHERE day = ?1 GROUP BY c, ip) "
      "SELECT c, count(*), sum(open), sum(identified), sum(with_udn), "
      "sum(CASE WHEN any_shared = 1 AND with_udn = 0 THEN 1 ELSE 0 END) FROM per_ip GROUP BY c",
      country_key, report_rows::host_devices);
}

std::string devices_sql() {
  return fmt::format(
      "SELECT {0} AS c, count(DISTINCT device_id) FROM ({1}) AS hd WHERE day = ?1 AND open = 1 "
      "AND family IS NOT NULL AND device_id NOT IN (SELECT id FROM devices WHERE shared = 1) "
      "GROUP BY c",
      country_key, report_rows::host_devices);
}

std::string firmware_sql() {
  return fmt::format(
      "SELECT family, coalesce(country, ''), version, count(DISTINCT ip) FROM ({}) AS hv "
      "WHERE day = ?1 AND open = 1 AND family IS NOT NULL AND coalesce(version, '') <> '' "
      "GROUP BY 1, 2, 3",
      report_rows::host_versions);
}

day_counts& counts_of(day_summary& s, const std::string& country) {
  for (auto& c : s.counts)
    if (c.country == country) return c;
  s.counts.push_back({});
  s.counts.back().country = country;
  return s.counts.back();
}

void add_counts(database& db, day_summary& s, bool total) {
  statement sources{db, sources_sql()}, hosts{db, hosts_sql()}, devices{db, devices_sql()};
  for (statement* q : {&sources, &hosts, &devices}) {
    cursor c = q->open();
    c.bind(1, s.day).bind(2, total ? 1 : 0);
    while (c.next()) {
      day_counts& n = counts_of(s, c.text(0));
      if (q == &sources) {
        n.darknet = c.int64(1);
        n.admitted = c.int64(2);
      } else if (q == &hosts) {
        n.probed = c.int64(1);
        n.open = c.int64(2);
        n.identified = c.int64(3);
        n.with_udn = c.int64(4);
        n.unattributed = c.int64(5);
      } else {
        n.devices = c.int64(1);
      }
    }
  }
}

void add_firmware(database& db, day_summary& s) {
  statement q{db, firmware_sql()};
  cursor c = q.open();
  c.bind(1, s.day);
  while (c.next()) s.firmware.push_back({c.text(0), c.text(1), c.text(2), c.int64(3)});
}

}  // namespace

std::vector<std::string> summary_queries() {
  return {sources_sql(), hosts_sql(), devices_sql(), firmware_sql()};
}

bool stamp_is_final(const std::string& stamp) {
  return stamp.find(":running:") == std::string::npos;
}

std::map<std::string, std::string> day_stamps(database& db, const std::string& from,
                                              const std::string& to) {
  statement q{db,
              "SELECT day, group_concat(id || ':' || state || ':' || hosts_done || ':' || "
              "coalesce(finished_at, ''), ',') FROM (SELECT * FROM runs "
              "WHERE day BETWEEN date(?1, '-1 day') AND ?2 ORDER BY id) AS r GROUP BY day"};
  cursor c = q.open();
  c.bind(1, from).bind(2, to);
  std::map<std::string, std::string> runs;
  while (c.next()) runs[c.text(0)] = c.text(1);
  std::map<std::string, std::string> out;
  for (const auto& [day, text] : runs) {
    if (day < from) continue;
    const auto before = runs.find(shift_day(day, -1).value_or(""));
    out[day] = (before == runs.end() ? std::string() : before->second) + "|" + text;
  }
  return out;
}

day_summary summarise_day(database& db, const std::string& day) {
  day_summary s;
  s.day = day;
  add_counts(db, s, false);
  add_counts(db, s, true);
  churn_filter f{day, day, std::nullopt, std::nullopt, false};
  s.families = churn_table(db, f);
  f.by_country = true;
  for (auto& r : churn_table(db, f))
    if (r.family != "*") s.families.push_back(std::move(r));
  add_firmware(db, s);
  return s;
}

}  // namespace iotprobe::db
