// The researcher queries on one address or device, the export and a run's family counts
// (see lookup.hpp; the model search is in lookup_model.cpp). Each statement is indexed:
// hosts(ip), devices(udn), sightings(device_id, day, ip) via its UNIQUE key.
#include "db/lookup.hpp"

#include "db/schema.hpp"
#include "parsers/core/text.hpp"
#include "parsers/upnp/udn.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace iotprobe::db {
namespace {

constexpr const char* probes_sql =
    "SELECT port, probe, path, status, http_status, server, title "
    "FROM responses WHERE host_id = ?1 ORDER BY seq";

// Every row `stmt` gives for one host, each read by `read` from the cursor.
template <class Row, class Read>
std::vector<Row> rows_of_host(statement& stmt, std::int64_t host_id, Read read) {
  cursor c = stmt.open();
  c.bind(1, host_id);
  std::vector<Row> out;
  while (c.next()) out.push_back(read(c));
  return out;
}

std::vector<probe_row> probes_of(statement& stmt, std::int64_t host_id) {
  return rows_of_host<probe_row>(stmt, host_id, [](cursor& c) {
    probe_row p{c.int64(0), c.text(1), c.text(2), c.text(3), std::nullopt, c.opt_text(5), c.opt_text(6)};
    if (!c.is_null(4)) p.http_status = c.int64(4);
    return p;
  });
}

constexpr const char* certificates_sql =
    "SELECT port, status, subject, issuer, not_before, not_after, sha256 FROM certificates "
    "WHERE host_id = ?1 ORDER BY response_id";

std::vector<certificate_row> certificates_of(statement& stmt, std::int64_t host_id) {
  return rows_of_host<certificate_row>(stmt, host_id, [](cursor& c) {
    return certificate_row{c.int64(0), c.text(1), c.opt_text(2), c.opt_text(3), c.opt_text(4),
                           c.opt_text(5), c.opt_text(6)};
  });
}

constexpr const char* udns_sql =
    "SELECT DISTINCT udn FROM descriptions WHERE host_id = ?1 AND udn IS NOT NULL ORDER BY udn";

std::vector<std::string> udns_of(statement& stmt, std::int64_t host_id) {
  cursor c = stmt.open();
  c.bind(1, host_id);
  std::vector<std::string> out;
  while (c.next()) out.push_back(c.text(0));
  return out;
}

constexpr const char* ip_sql =
    "SELECT h.id, h.run_id, r.input, h.day, h.country, v.family, v.vendor, v.product, "
    "v.version, v.certainty, h.started_at, h.finished_at, h.open, d.udn, d.shared, "
    "d.shared_reason, d.identity_kind, h.first_seen, h.lag_s FROM hosts h "
    "JOIN runs r ON r.id = h.run_id "
    "LEFT JOIN verdicts v ON v.host_id = h.id "
    "LEFT JOIN devices d ON d.id = h.device_id WHERE h.ip = ?1 "
    "ORDER BY h.day, h.run_id";

ip_record ip_record_of(const cursor& c) {
  ip_record h;
  h.run = c.int64(1);
  h.input = c.text(2);
  h.day = c.text(3);
  h.country = c.opt_text(4);
  h.family = c.opt_text(5);
  h.vendor = c.opt_text(6);
  h.product = c.opt_text(7);
  h.version = c.opt_text(8);
  h.certainty = c.real(9);
  h.started_at = c.opt_text(10);
  h.finished_at = c.opt_text(11);
  h.first_seen = c.opt_text(17);
  if (!c.is_null(18)) h.lag_s = c.real(18);
  h.open = c.int64(12) != 0;
  if (!c.is_null(13))
    h.device = device_ref{c.text(13), c.int64(14) != 0, c.opt_text(15), c.text(16)};
  return h;
}

// Folds one sighting into its day: the day's addresses in timeline order, the earliest
// first_seen and the latest last_seen.
void add_to_day(std::map<std::string, address_day>& days, const sighting_row& s) {
  auto [it, created] = days.try_emplace(s.day, address_day{s.day, {}, s.first_seen, s.last_seen});
  address_day& day = it->second;
  day.ips.push_back(s.ip);
  day.first_seen = std::min(day.first_seen, s.first_seen);
  day.last_seen = std::max(day.last_seen, s.last_seen);
}

void add_timeline(database& db, std::int64_t device_id, uuid_lookup& out) {
  statement sight{db, "SELECT day, ip, first_seen, last_seen, run_id FROM sightings "
                      "WHERE device_id = ?1 ORDER BY day, first_seen, ip"};
  cursor s = sight.open();
  s.bind(1, device_id);
  std::map<std::string, address_day> days;
  while (s.next()) {
    out.timeline.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.int64(4)});
    add_to_day(days, out.timeline.back());
  }
  for (auto& [name, day] : days) out.days.push_back(std::move(day));
}

}  // namespace

database open_reader(const std::string& path) {
  const db_target target = parse_target(path);
  if (target.kind == dialect::sqlite && !target.sqlite_uri && target.location != ":memory:" &&
      !std::filesystem::exists(target.location)) {
    throw db_error(fmt::format("no database at {} (run `iotprobe batch` first, or pass --db)", path), 0);
  }
  database db{path};
  migrate(db);
  register_regexp(db);
  return db;
}

ip_lookup lookup_ip(database& db, const std::string& ip) {
  statement stmt{db, ip_sql};
  statement udns{db, udns_sql};
  statement probes{db, probes_sql};
  statement certificates{db, certificates_sql};
  cursor c = stmt.open();
  c.bind(1, ip);
  ip_lookup out{ip, {}};
  while (c.next()) {
    ip_record h = ip_record_of(c);
    h.udns = udns_of(udns, c.int64(0));
    h.probes = probes_of(probes, c.int64(0));
    h.certificates = certificates_of(certificates, c.int64(0));
    out.hosts.push_back(std::move(h));
  }
  return out;
}

uuid_lookup lookup_uuid(database& db, const std::string& udn) {
  uuid_lookup out;
  // A certificate key ("sha256:<hex>") is no UUID: it is only lower-cased.
  const bool certificate_key = parsers::istarts_with(parsers::trim(udn), "sha256:");
  out.udn = certificate_key ? parsers::to_lower(parsers::trim(udn))
                            : parsers::normalize_udn(udn).normalized;
  statement dev{db, "SELECT id, udn, udn_raw, shared, shared_reason, family, vendor, manufacturer, "
                    "model_name, model_number, serial_number, mac, first_day, last_day "
                    "FROM devices WHERE udn = ?1"};
  cursor d = dev.open();
  d.bind(1, out.udn);
  if (!d.next()) return out;
  out.found = true;
  out.udn = d.text(1);
  out.udn_raw = d.opt_text(2);
  out.shared = d.int64(3) != 0;
  out.shared_reason = d.opt_text(4);
  out.family = d.opt_text(5);
  out.vendor = d.opt_text(6);
  out.manufacturer = d.opt_text(7);
  out.model_name = d.opt_text(8);
  out.model_number = d.opt_text(9);
  out.serial_number = d.opt_text(10);
  out.mac = d.opt_text(11);
  out.first_day = d.text(12);
  out.last_day = d.text(13);
  add_timeline(db, d.int64(0), out);
  return out;
}

bool export_hosts(database& db, const std::optional<std::string>& day,
                  const std::function<void(const export_row&)>& row, std::string& error) {
  statement stmt{db,
                 "SELECT h.day, h.ip, h.country, h.run_id, v.family, v.vendor, v.product, "
                 "v.version, v.certainty, d.udn, d.shared, d.mac, h.open, h.finished_at, "
                 "d.identity_kind, h.id, h.first_seen, h.lag_s FROM hosts h "
                 "LEFT JOIN verdicts v ON v.host_id = h.id "
                 "LEFT JOIN devices d ON d.id = h.device_id "
                 "WHERE (?1 IS NULL OR h.day = ?1) ORDER BY h.day, h.ip, h.run_id"};
  statement certificates{db, certificates_sql};
  cursor c = stmt.open();
  c.bind(1, day);
  while (c.next()) {
    row({c.text(0), c.text(1), c.opt_text(2), c.int64(3), c.opt_text(4), c.opt_text(5),
         c.opt_text(6), c.opt_text(7), c.is_null(8) ? 0.0 : c.real(8), c.opt_text(9),
         !c.is_null(10) && c.int64(10) != 0, c.opt_text(11), c.int64(12) != 0, c.opt_text(13),
         c.opt_text(14), certificates_of(certificates, c.int64(15)), c.opt_text(16),
         c.is_null(17) ? std::nullopt : std::optional<double>(c.real(17))});
  }
  if (!c.result().ok()) {
    error = c.result().message;
    return false;
  }
  return true;
}

std::vector<run_family_row> run_families(database& db, std::int64_t run_id) {
  // Every device of a host in its own family (issue 11: a router and the camera behind it
  // count in both); honeypot-like hosts are counted apart (db/run_counts.hpp).
  statement families{db,
                     "SELECT coalesce(hd.family, '(unidentified)'), count(DISTINCT h.ip), "
                     "count(DISTINCT CASE WHEN d.shared = 0 THEN d.id END), "
                     "count(DISTINCT CASE WHEN d.shared = 1 THEN h.ip END), "
                     "count(DISTINCT CASE WHEN hd.device_id IS NULL THEN h.ip END) "
                     "FROM hosts h JOIN host_devices hd ON hd.host_id = h.id "
                     "LEFT JOIN devices d ON d.id = hd.device_id "
                     "WHERE h.run_id = ?1 AND h.open = 1 AND h.honeypot = 0 "
                     "GROUP BY 1 ORDER BY 2 DESC, 1"};
  cursor c = families.open();
  c.bind(1, run_id);
  std::vector<run_family_row> out;
  while (c.next()) out.push_back({c.text(0), c.int64(1), c.int64(2), c.int64(3), c.int64(4)});
  return out;
}

}  // namespace iotprobe::db
