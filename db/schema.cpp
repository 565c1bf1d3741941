// Schema v1 (runs, hosts, progress, responses, descriptions, verdicts, devices, sightings),
// v2 (devices.mac backfilled from Realtek WPS UDNs, lookup indexes), v3 (model_number index),
// v4 (several devices per host, shared-key rules and their evidence, reclassifications,
// clone checks, the ledger's rule fingerprint),
// v5 (issue 12: every darknet input row per run and day, per-day report summaries),
// v6 (HTTPS leaf certificates),
// v7 (issue 16: the vantage point of each run, hence of each of its sightings),
// v8 (issue 13: each host's darknet first-seen time and sighting-to-probe lag; follow's queue).
// Old migrations are never edited once released: add a new step instead.
#include "db/schema.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace iotprobe::db {
namespace {

constexpr std::string_view v1 = R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  input TEXT NOT NULL,
  day TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  state TEXT NOT NULL CHECK(state IN ('running', 'finished', 'interrupted')),
  targets INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  hosts_done INTEGER NOT NULL DEFAULT 0,
  hosts_open INTEGER NOT NULL DEFAULT 0,
  hosts_identified INTEGER NOT NULL DEFAULT 0);
CREATE INDEX runs_input_day ON runs(input, day, id);

CREATE TABLE devices(
  id INTEGER PRIMARY KEY,
  udn TEXT NOT NULL UNIQUE,
  udn_raw TEXT,
  shared INTEGER NOT NULL DEFAULT 0,
  shared_reason TEXT,
  family TEXT,
  vendor TEXT,
  manufacturer TEXT,
  model_name TEXT,
  model_number TEXT,
  serial_number TEXT,
  first_day TEXT NOT NULL,
  last_day TEXT NOT NULL);

CREATE TABLE hosts(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  ip TEXT NOT NULL,
  day TEXT NOT NULL,
  country TEXT,
  tag TEXT,
  started_at TEXT,
  finished_at TEXT,
  open INTEGER NOT NULL,
  family TEXT,
  device_id INTEGER REFERENCES devices(id),
  UNIQUE(run_id, ip));
CREATE INDEX hosts_ip ON hosts(ip);
CREATE INDEX hosts_day_family ON hosts(day, family);
CREATE INDEX hosts_device_run ON hosts(device_id, run_id);

CREATE TABLE progress(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  ip TEXT NOT NULL,
  port INTEGER NOT NULL,
  probe TEXT NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY(run_id, ip, port, probe)) WITHOUT ROWID;

CREATE TABLE responses(
  id INTEGER PRIMARY KEY,
  host_id INTEGER NOT NULL REFERENCES hosts(id),
  seq INTEGER NOT NULL,
  port INTEGER NOT NULL,
  probe TEXT NOT NULL,
  path TEXT NOT NULL,
  status TEXT NOT NULL,
  detail TEXT,
  elapsed_ms REAL,
  http_status INTEGER,
  server TEXT,
  title TEXT,
  realm TEXT,
  content_type TEXT,
  raw BLOB,
  raw_bytes INTEGER NOT NULL DEFAULT 0,
  body_sha256 TEXT);
CREATE INDEX responses_host ON responses(host_id, seq);

CREATE TABLE descriptions(
  id INTEGER PRIMARY KEY,
  host_id INTEGER NOT NULL REFERENCES hosts(id),
  response_id INTEGER NOT NULL REFERENCES responses(id),
  device_path TEXT NOT NULL,
  device_type TEXT,
  friendly_name TEXT,
  manufacturer TEXT,
  model_name TEXT,
  model_number TEXT,
  model_description TEXT,
  serial_number TEXT,
  udn_raw TEXT,
  udn TEXT);
CREATE INDEX descriptions_host ON descriptions(host_id);
CREATE INDEX descriptions_udn ON descriptions(udn);

CREATE TABLE verdicts(
  host_id INTEGER PRIMARY KEY REFERENCES hosts(id),
  family TEXT,
  vendor TEXT,
  product TEXT,
  version TEXT,
  certainty REAL NOT NULL,
  evidence TEXT NOT NULL,
  conflicts TEXT NOT NULL);

CREATE TABLE sightings(
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  ip TEXT NOT NULL,
  day TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  UNIQUE(device_id, day, ip));
CREATE INDEX sightings_day ON sightings(day);
CREATE INDEX sightings_ip ON sightings(ip);
)sql";

// v2: the WLAN MAC that Realtek WPS UDNs embed (uuid:63041253-1019-2006-1228-<mac12>)
// becomes a column, backfilled for rows written by v1, plus the lookup indexes.
constexpr std::string_view v2 = R"sql(
ALTER TABLE devices ADD COLUMN mac TEXT;
UPDATE devices SET mac =
    substr(udn, 30, 2) || ':' || substr(udn, 32, 2) || ':' || substr(udn, 34, 2) || ':' ||
    substr(udn, 36, 2) || ':' || substr(udn, 38, 2) || ':' || substr(udn, 40, 2)
  WHERE udn LIKE 'uuid:63041253-1019-2006-1228-____________' AND length(udn) = 41;
CREATE INDEX devices_mac ON devices(mac) WHERE mac IS NOT NULL;
CREATE INDEX devices_model ON devices(model_name);
)sql";

// v3: `lookup model` matches distinct model numbers through an index, like model names.
constexpr std::string_view v3 = R"sql(
CREATE INDEX devices_model_number ON devices(model_number);
)sql";

// v4 (issue 11): one host may hold several identified devices (a router and the camera it
// forwards port 81 to), each with its ports and its own identity key; rows written before
// become one device per host. A key's shared status names its rule and evidence and is
// re-derived by the ledger (db/ledger.hpp) whenever the rules change; every change of
// status is a reclassification with the days whose counts it changed. Honeypot-like hosts
// are flagged and left out of counts. USN keys are a weaker identity kind.
constexpr std::string_view v4 = R"sql(
CREATE TABLE host_devices(
  host_id INTEGER NOT NULL REFERENCES hosts(id),
  seq INTEGER NOT NULL,
  family TEXT,
  vendor TEXT,
  product TEXT,
  version TEXT,
  certainty REAL NOT NULL DEFAULT 0,
  ports TEXT NOT NULL DEFAULT '',
  conflicts TEXT NOT NULL DEFAULT '[]',
  device_id INTEGER REFERENCES devices(id),
  PRIMARY KEY(host_id, seq)) WITHOUT ROWID;
CREATE INDEX host_devices_device ON host_devices(device_id) WHERE device_id IS NOT NULL;
INSERT INTO host_devices(host_id, seq, family, vendor, product, version, certainty, conflicts,
                         device_id)
  SELECT h.id, 0, h.family, v.vendor, v.product, v.version, coalesce(v.certainty, 0),
         coalesce(v.conflicts, '[]'), h.device_id
  FROM hosts h LEFT JOIN verdicts v ON v.host_id = h.id;
ALTER TABLE hosts ADD COLUMN honeypot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN identity_kind TEXT NOT NULL DEFAULT 'udn';
ALTER TABLE devices ADD COLUMN shared_evidence TEXT;
CREATE TABLE reclassifications(
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  at TEXT NOT NULL,
  run_id INTEGER REFERENCES runs(id),
  shared INTEGER NOT NULL,
  reason TEXT,
  evidence TEXT,
  days TEXT NOT NULL);
CREATE INDEX reclassifications_run ON reclassifications(run_id);
CREATE INDEX reclassifications_device ON reclassifications(device_id);
CREATE TABLE clone_checks(
  device_id INTEGER NOT NULL REFERENCES devices(id),
  run_id INTEGER NOT NULL REFERENCES runs(id),
  ip_a TEXT NOT NULL,
  ip_b TEXT NOT NULL,
  port INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK(state IN ('pending', 'clone', 'moved', 'inconclusive')),
  detail TEXT,
  checked_at TEXT,
  PRIMARY KEY(device_id, run_id, ip_a, ip_b)) WITHOUT ROWID;
CREATE INDEX clone_checks_run ON clone_checks(run_id, state);
CREATE TABLE ledger_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql";

// v5 (issue 12), the report. (1) `sources`: batch keeps one row per darknet input address and
// run, refused and silent ones included: what the input said (country, tag and, when it
// carries them, the darknet counters) and whether it was admitted or why not. Runs stored
// before this step get their probed hosts back as admitted sources (their refused rows
// were never kept). (2) Per-day summaries (db/report_days.hpp), so that a report reads
// one row per day, family and country instead of every host: a summary is valid while
// its stamp matches the day's runs, and the triggers drop the stamp of every day whose
// counts a later write changed: a device's shared status, identity kind or first day, a
// reclassification's days, a host row. The darknet counters are extract's columns
// (mirai_dsts as issue 11 defines it: distinct Mirai SYN destinations, saturating).
constexpr std::string_view v5_tables = R"sql(
CREATE TABLE sources(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  ip TEXT NOT NULL,
  day TEXT NOT NULL,
  country TEXT,
  tag TEXT,
  admission TEXT NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  mirai_syns INTEGER,
  mirai_dsts INTEGER,
  dst_ports INTEGER,
  PRIMARY KEY(run_id, ip)) WITHOUT ROWID;
INSERT OR IGNORE INTO sources(run_id, ip, day, country, tag, admission)
  SELECT run_id, ip, day, country, tag, 'accepted' FROM hosts;
CREATE INDEX sources_day ON sources(day, ip, admission, country);
CREATE INDEX devices_shared ON devices(id) WHERE shared = 1;
CREATE INDEX hosts_honeypot_day ON hosts(day) WHERE honeypot = 1;

CREATE TABLE report_day_stamps(
  day TEXT PRIMARY KEY,
  stamp TEXT NOT NULL,
  computed_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE report_days(
  day TEXT NOT NULL,
  country TEXT NOT NULL,
  darknet INTEGER NOT NULL,
  admitted INTEGER NOT NULL,
  probed INTEGER NOT NULL,
  open INTEGER NOT NULL,
  identified INTEGER NOT NULL,
  with_udn INTEGER NOT NULL,
  unattributed INTEGER NOT NULL,
  devices INTEGER NOT NULL,
  PRIMARY KEY(day, country)) WITHOUT ROWID;
CREATE TABLE report_family_days(
  day TEXT NOT NULL,
  family TEXT NOT NULL,
  country TEXT NOT NULL,
  ips INTEGER NOT NULL,
  devices INTEGER NOT NULL,
  ips_per_device_mean REAL NOT NULL,
  ips_per_device_max INTEGER NOT NULL,
  multi_ip_devices INTEGER NOT NULL,
  new_devices INTEGER NOT NULL,
  vanished_devices INTEGER NOT NULL,
  unattributed_hosts INTEGER NOT NULL,
  hosts_without_udn INTEGER NOT NULL,
  weak_identity_devices INTEGER NOT NULL,
  reclassified_devices INTEGER NOT NULL,
  honeypot_hosts INTEGER NOT NULL,
  PRIMARY KEY(day, family, country)) WITHOUT ROWID;
CREATE TABLE report_firmware_days(
  day TEXT NOT NULL,
  family TEXT NOT NULL,
  country TEXT NOT NULL,
  firmware TEXT NOT NULL,
  hosts INTEGER NOT NULL,
  PRIMARY KEY(day, family, country, firmware)) WITHOUT ROWID;

)sql";

// v5's triggers, in SQLite's syntax (PostgreSQL's form is v5_triggers_postgres).
constexpr std::string_view v5_triggers = R"sql(
CREATE TRIGGER report_device_status AFTER UPDATE OF shared, identity_kind ON devices
  WHEN old.shared IS NOT new.shared OR old.identity_kind IS NOT new.identity_kind BEGIN
  DELETE FROM report_day_stamps WHERE day IN
    (SELECT day FROM sightings WHERE device_id = new.id
     UNION SELECT date(day, '+1 day') FROM sightings WHERE device_id = new.id);
END;
CREATE TRIGGER report_device_first_day AFTER UPDATE OF first_day ON devices
  WHEN old.first_day IS NOT new.first_day BEGIN
  DELETE FROM report_day_stamps WHERE day IN (old.first_day, new.first_day);
END;
CREATE TRIGGER report_reclassified AFTER INSERT ON reclassifications BEGIN
  DELETE FROM report_day_stamps WHERE instr(',' || new.days || ',', ',' || day || ',') > 0;
END;
CREATE TRIGGER report_host_changed AFTER UPDATE ON hosts BEGIN
  DELETE FROM report_day_stamps
    WHERE day IN (old.day, new.day, date(old.day, '+1 day'), date(new.day, '+1 day'));
END;
)sql";

// The same four triggers for PostgreSQL: a trigger there runs a function, `IS NOT` is
// `IS DISTINCT FROM`, date(day, '+1 day') is date arithmetic and instr is strpos.
constexpr std::string_view v5_triggers_postgres = R"sql(
CREATE FUNCTION report_day_after(day TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS
  $$ SELECT to_char(CAST(day AS date) + 1, 'YYYY-MM-DD') $$;
CREATE FUNCTION report_device_status() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  DELETE FROM report_day_stamps WHERE day IN
    (SELECT day FROM sightings WHERE device_id = NEW.id
     UNION SELECT report_day_after(day) FROM sightings WHERE device_id = NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER report_device_status AFTER UPDATE OF shared, identity_kind ON devices FOR EACH ROW
  WHEN (OLD.shared IS DISTINCT FROM NEW.shared OR OLD.identity_kind IS DISTINCT FROM NEW.identity_kind)
  EXECUTE FUNCTION report_device_status();
CREATE FUNCTION report_device_first_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  DELETE FROM report_day_stamps WHERE day IN (OLD.first_day, NEW.first_day);
  RETURN NULL;
END $$;
CREATE TRIGGER report_device_first_day AFTER UPDATE OF first_day ON devices FOR EACH ROW
  WHEN (OLD.first_day IS DISTINCT FROM NEW.first_day) EXECUTE FUNCTION report_device_first_day();
CREATE FUNCTION report_reclassified() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  DELETE FROM report_day_stamps WHERE strpos(',' || NEW.days || ',', ',' || day || ',') > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER report_reclassified AFTER INSERT ON reclassifications FOR EACH ROW
  EXECUTE FUNCTION report_reclassified();
CREATE FUNCTION report_host_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  DELETE FROM report_day_stamps WHERE day IN
    (OLD.day, NEW.day, report_day_after(OLD.day), report_day_after(NEW.day));
  RETURN NULL;
END $$;
CREATE TRIGGER report_host_changed AFTER UPDATE ON hosts FOR EACH ROW
  EXECUTE FUNCTION report_host_changed();
)sql";

// v6 (issue 11): the leaf certificate of each HTTPS answer (responses.probe
// 'https_get_root' or a redirect on a TLS port), read without verification: its subject,
// issuer, validity and the SHA-256 of its DER, which names a device keyed by
// identity_kind 'tls_cert' (devices.udn = 'sha256:<hex>').
constexpr std::string_view v6 = R"sql(
CREATE TABLE certificates(
  response_id INTEGER PRIMARY KEY REFERENCES responses(id),
  host_id INTEGER NOT NULL REFERENCES hosts(id),
  port INTEGER NOT NULL,
  status TEXT NOT NULL,
  detail TEXT,
  subject TEXT,
  issuer TEXT,
  not_before TEXT,
  not_after TEXT,
  sha256 TEXT);
CREATE INDEX certificates_host ON certificates(host_id);
CREATE INDEX certificates_sha256 ON certificates(sha256);
)sql";

// v7 (issue 16): the vantage point a run probed from. Every host row (a sighting of its
// address and devices) belongs to one run, so it names the sighting's vantage point; rows
// written before were probed from the one unnamed vantage point, 'default'. A device is
// present on a day when any vantage point saw it: counts never look at this column,
// only `churn --by-vantage` does.
constexpr std::string_view v7 = R"sql(
ALTER TABLE runs ADD COLUMN vantage TEXT NOT NULL DEFAULT 'default';
CREATE INDEX runs_vantage ON runs(vantage, id);
)sql";

// v8 (issue 13): lag. hosts.first_seen is when the darknet first saw the source that day
// (ISO UTC, from the capture or the input's first_seen/last_seen columns; NULL when the
// input had no time), hosts.lag_s the seconds from it to the probe's start (started_at).
// follow_queue is `follow`'s durable queue: a source is inserted (and committed) before it
// is probed, and deleted in the transaction that stores its host.
constexpr std::string_view v8 = R"sql(
ALTER TABLE hosts ADD COLUMN first_seen TEXT;
ALTER TABLE hosts ADD COLUMN lag_s REAL;
CREATE TABLE follow_queue(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  ip TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  country TEXT,
  tag TEXT,
  queued_at TEXT NOT NULL,
  UNIQUE(run_id, ip));
CREATE INDEX follow_queue_ip ON follow_queue(ip);
)sql";

constexpr std::array<std::string_view, schema_version> steps{v1, v2, v3, v4, v5_tables, v6, v7, v8};

// The SQL of step `v` (0-based) for `db`'s dialect: the same text on both backends, only
// the types translated (db/dialect.hpp), plus v5's triggers in each backend's syntax.
std::string step_sql(const database& db, int v) {
  const auto index = static_cast<std::size_t>(v);
  if (db.dialect() == dialect::sqlite)
    return std::string(steps[index]) + (v == 4 ? std::string(v5_triggers) : std::string());
  return schema_to_postgres(steps[index]) + (v == 4 ? std::string(v5_triggers_postgres) : std::string());
}

void refuse_newer(const database& db, int current) {
  if (current <= schema_version) return;
  throw db_error(fmt::format("{} has schema version {}, newer than this iotprobe ({}); "
                             "use a newer iotprobe or another --db",
                             db.path(), current, schema_version),
                 0);
}

}  // namespace

// Each step re-reads the version inside its transaction, after lock_schema: several
// processes opening one new store at once migrate it once, the others wait and see it done.
void migrate(database& db, int target) {
  int current = db.user_version();
  refuse_newer(db, current);
  while (current < target && current < schema_version) {
    transaction tx{db};
    if (!tx.begun().ok()) {
      throw db_error(fmt::format("{}: cannot begin migration: {}", db.path(), tx.begun().message),
                     tx.begun().code);
    }
    db.lock_schema();
    current = db.user_version();
    refuse_newer(db, current);
    if (current >= target) break;
    db.exec_or_throw(step_sql(db, current));
    db.set_user_version(current + 1);
    const status s = tx.commit();
    if (!s.ok()) {
      throw db_error(fmt::format("{}: migration to v{} failed: {}", db.path(), current + 1, s.message),
                     s.code);
    }
    ++current;
  }
}

}  // namespace iotprobe::db
