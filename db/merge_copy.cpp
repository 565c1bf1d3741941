// One input's rows into the merged store (see merge_copy.hpp). Ids are remapped through
// temp tables: runs and devices by their natural keys (a run by input, day, config hash,
// start time and vantage point; a device by its identity key), hosts and responses by an
// offset past OUT's largest id (set once per input in merge_offsets). A host already
// present for its run is not copied again, nor is anything hanging off it.
#include "db/merge_copy.hpp"

#include <array>
#include <string_view>

namespace iotprobe::db {
namespace {

constexpr std::string_view prepare_maps = R"sql(
CREATE TEMP TABLE merge_offsets AS
  SELECT (SELECT coalesce(max(id), 0) FROM main.hosts) AS hosts,
         (SELECT coalesce(max(id), 0) FROM main.responses) AS responses;
CREATE TEMP TABLE run_map(old INTEGER PRIMARY KEY, new INTEGER);
INSERT INTO run_map(old, new)
  SELECT s.id, (SELECT m.id FROM main.runs m WHERE m.input = s.input AND m.day = s.day
                AND m.config_hash = s.config_hash AND m.started_at = s.started_at
                AND m.vantage = s.vantage ORDER BY m.id LIMIT 1)
  FROM src.runs s;
CREATE TEMP TABLE merge_counts AS
  SELECT (SELECT count(*) FROM run_map WHERE new IS NULL) AS runs_new,
         (SELECT count(*) FROM run_map WHERE new IS NOT NULL) AS runs_present;
-- A run in two inputs (a store and a later copy of it): the furthest state of the two.
UPDATE main.runs AS m SET
    targets = max(m.targets, s.targets), refused = max(m.refused, s.refused),
    finished_at = coalesce(m.finished_at, s.finished_at),
    state = CASE WHEN 'finished' IN (m.state, s.state) THEN 'finished' ELSE m.state END
  FROM src.runs s JOIN run_map r ON r.old = s.id WHERE r.new = m.id;
INSERT INTO main.runs(input, day, config_hash, started_at, finished_at, state, targets, refused,
                      hosts_done, hosts_open, hosts_identified, vantage)
  SELECT s.input, s.day, s.config_hash, s.started_at, s.finished_at, s.state, s.targets,
         s.refused, s.hosts_done, s.hosts_open, s.hosts_identified, s.vantage
  FROM src.runs s JOIN run_map r ON r.old = s.id WHERE r.new IS NULL ORDER BY s.id;
UPDATE run_map SET new = (SELECT m.id FROM main.runs m JOIN src.runs s ON s.id = run_map.old
                          WHERE m.input = s.input AND m.day = s.day
                          AND m.config_hash = s.config_hash AND m.started_at = s.started_at
                          AND m.vantage = s.vantage ORDER BY m.id LIMIT 1)
  WHERE new IS NULL;
)sql";

// A device seen by several inputs keeps its earliest and latest day and the first
// non-empty attributes; its shared status is re-derived over the union afterwards.
constexpr std::string_view copy_devices = R"sql(
UPDATE main.devices AS m SET
    first_day = min(m.first_day, s.first_day), last_day = max(m.last_day, s.last_day),
    family = coalesce(m.family, s.family), vendor = coalesce(m.vendor, s.vendor),
    identity_kind = CASE WHEN s.identity_kind = 'udn' THEN 'udn' ELSE m.identity_kind END
  FROM src.devices s WHERE s.udn = m.udn;
INSERT INTO main.devices(udn, udn_raw, shared, shared_reason, family, vendor, manufacturer,
                         model_name, model_number, serial_number, first_day, last_day, mac,
                         identity_kind, shared_evidence)
  SELECT udn, udn_raw, shared, shared_reason, family, vendor, manufacturer, model_name,
         model_number, serial_number, first_day, last_day, mac, identity_kind, shared_evidence
  FROM src.devices s WHERE NOT EXISTS (SELECT 1 FROM main.devices m WHERE m.udn = s.udn)
  ORDER BY s.id;
CREATE TEMP TABLE device_map(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO device_map SELECT s.id, m.id FROM src.devices s JOIN main.devices m ON m.udn = s.udn;
)sql";

constexpr std::string_view copy_hosts = R"sql(
CREATE TEMP TABLE copy_hosts(old INTEGER PRIMARY KEY);
INSERT INTO copy_hosts
  SELECT h.id FROM src.hosts h JOIN run_map r ON r.old = h.run_id
  WHERE NOT EXISTS (SELECT 1 FROM main.hosts x WHERE x.run_id = r.new AND x.ip = h.ip);
INSERT INTO main.hosts(id, run_id, ip, day, country, tag, started_at, finished_at, open, family,
                       device_id, honeypot, first_seen, lag_s)
  SELECT h.id + o.hosts, r.new, h.ip, h.day, h.country, h.tag, h.started_at, h.finished_at,
         h.open, h.family, dm.new, h.honeypot, h.first_seen, h.lag_s
  FROM src.hosts h JOIN copy_hosts c ON c.old = h.id JOIN run_map r ON r.old = h.run_id
  JOIN merge_offsets o LEFT JOIN device_map dm ON dm.old = h.device_id ORDER BY h.id;
INSERT INTO main.host_devices(host_id, seq, family, vendor, product, version, certainty, ports,
                              conflicts, device_id)
  SELECT d.host_id + o.hosts, d.seq, d.family, d.vendor, d.product, d.version, d.certainty,
         d.ports, d.conflicts, dm.new
  FROM src.host_devices d JOIN copy_hosts c ON c.old = d.host_id JOIN merge_offsets o
  LEFT JOIN device_map dm ON dm.old = d.device_id;
INSERT INTO main.responses(id, host_id, seq, port, probe, path, status, detail, elapsed_ms,
                           http_status, server, title, realm, content_type, raw, raw_bytes,
                           body_sha256)
  SELECT p.id + o.responses, p.host_id + o.hosts, p.seq, p.port, p.probe, p.path, p.status,
         p.detail, p.elapsed_ms, p.http_status, p.server, p.title, p.realm, p.content_type,
         p.raw, p.raw_bytes, p.body_sha256
  FROM src.responses p JOIN copy_hosts c ON c.old = p.host_id JOIN merge_offsets o ORDER BY p.id;
INSERT INTO main.descriptions(host_id, response_id, device_path, device_type, friendly_name,
                              manufacturer, model_name, model_number, model_description,
                              serial_number, udn_raw, udn)
  SELECT d.host_id + o.hosts, d.response_id + o.responses, d.device_path, d.device_type,
         d.friendly_name, d.manufacturer, d.model_name, d.model_number, d.model_description,
         d.serial_number, d.udn_raw, d.udn
  FROM src.descriptions d JOIN copy_hosts c ON c.old = d.host_id JOIN merge_offsets o ORDER BY d.id;
INSERT INTO main.certificates(response_id, host_id, port, status, detail, subject, issuer,
                              not_before, not_after, sha256)
  SELECT t.response_id + o.responses, t.host_id + o.hosts, t.port, t.status, t.detail,
         t.subject, t.issuer, t.not_before, t.not_after, t.sha256
  FROM src.certificates t JOIN copy_hosts c ON c.old = t.host_id JOIN merge_offsets o;
INSERT INTO main.verdicts(host_id, family, vendor, product, version, certainty, evidence, conflicts)
  SELECT v.host_id + o.hosts, v.family, v.vendor, v.product, v.version, v.certainty, v.evidence,
         v.conflicts
  FROM src.verdicts v JOIN copy_hosts c ON c.old = v.host_id JOIN merge_offsets o;
)sql";

// Per-run rows keyed by (run, address) and the ledger's own rows: copied once.
constexpr std::string_view copy_ledger = R"sql(
INSERT OR IGNORE INTO main.progress(run_id, ip, port, probe, status)
  SELECT r.new, p.ip, p.port, p.probe, p.status FROM src.progress p JOIN run_map r ON r.old = p.run_id;
INSERT OR IGNORE INTO main.sources(run_id, ip, day, country, tag, admission, first_seen,
                                   last_seen, mirai_syns, mirai_dsts, dst_ports)
  SELECT r.new, s.ip, s.day, s.country, s.tag, s.admission, s.first_seen, s.last_seen,
         s.mirai_syns, s.mirai_dsts, s.dst_ports
  FROM src.sources s JOIN run_map r ON r.old = s.run_id;
-- follow's queue: a source a shard queued but had not probed yet stays queued (in order).
INSERT OR IGNORE INTO main.follow_queue(run_id, ip, first_seen, country, tag, queued_at)
  SELECT r.new, q.ip, q.first_seen, q.country, q.tag, q.queued_at
  FROM src.follow_queue q JOIN run_map r ON r.old = q.run_id ORDER BY q.seq;
INSERT INTO main.sightings(device_id, ip, day, first_seen, last_seen, run_id)
  SELECT dm.new, s.ip, s.day, s.first_seen, s.last_seen, r.new
  FROM src.sightings s JOIN device_map dm ON dm.old = s.device_id JOIN run_map r ON r.old = s.run_id
  WHERE true
  ON CONFLICT(device_id, day, ip) DO UPDATE
    SET first_seen = min(first_seen, excluded.first_seen),
        last_seen = max(last_seen, excluded.last_seen);
INSERT INTO main.reclassifications(device_id, at, run_id, shared, reason, evidence, days)
  SELECT dm.new, x.at, r.new, x.shared, x.reason, x.evidence, x.days
  FROM src.reclassifications x JOIN device_map dm ON dm.old = x.device_id
  LEFT JOIN run_map r ON r.old = x.run_id
  WHERE NOT EXISTS (SELECT 1 FROM main.reclassifications y WHERE y.device_id = dm.new
                    AND y.at = x.at AND y.days = x.days)
  ORDER BY x.id;
INSERT OR IGNORE INTO main.clone_checks(device_id, run_id, ip_a, ip_b, port, state, detail, checked_at)
  SELECT dm.new, r.new, c.ip_a, c.ip_b, c.port, c.state, c.detail, c.checked_at
  FROM src.clone_checks c JOIN device_map dm ON dm.old = c.device_id JOIN run_map r ON r.old = c.run_id;
)sql";

constexpr std::string_view drop_maps = R"sql(
DROP TABLE temp.merge_offsets; DROP TABLE temp.merge_counts; DROP TABLE temp.run_map;
DROP TABLE temp.device_map; DROP TABLE temp.copy_hosts;
)sql";

}  // namespace

status copy_attached_store(database& db, merge_input_report& report) {
  const std::array<std::string_view, 4> steps{prepare_maps, copy_devices, copy_hosts, copy_ledger};
  for (const auto sql : steps) {
    if (status s = db.exec(sql); !s.ok()) return s;
  }
  {
    statement counts{db, "SELECT runs_new, runs_present, (SELECT count(*) FROM temp.copy_hosts), "
                         "(SELECT count(*) FROM src.hosts) FROM temp.merge_counts"};
    cursor c = counts.open();
    if (!c.next()) return c.result();
    report.runs_new = c.int64(0);
    report.runs_present = c.int64(1);
    report.hosts_new = c.int64(2);
    report.hosts_present = c.int64(3) - report.hosts_new;
  }
  return db.exec(drop_maps);
}

}  // namespace iotprobe::db
