// The store's run bookkeeping and batching (see store.hpp). Writing one host is in
// store_host.cpp.
#include "db/store_impl.hpp"

#include "db/backend.hpp"

#include "db/day.hpp"
#include "db/schema.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace iotprobe::db {
namespace {

constexpr const char* run_columns =
    "id, input, day, config_hash, state, started_at, finished_at, targets, refused, "
    "hosts_done, hosts_open, hosts_identified";

run_info read_run(const cursor& c) {
  run_info r;
  r.id = c.int64(0);
  r.input = c.text(1);
  r.day = c.text(2);
  r.config_hash = c.text(3);
  r.state = c.text(4);
  r.started_at = c.text(5);
  r.finished_at = c.opt_text(6);
  r.targets = c.int64(7);
  r.refused = c.int64(8);
  r.hosts_done = c.int64(9);
  r.hosts_open = c.int64(10);
  r.hosts_identified = c.int64(11);
  return r;
}

database open_migrated(const std::string& path, int busy_timeout_ms) {
  database db{path, open_mode::read_write_create, busy_timeout_ms};
  migrate(db);
  register_regexp(db);
  return db;
}

// PRAGMA max_page_count in pages of this file; SQLite keeps the larger of it and the
// pages already used.
void apply_byte_budget(database& db, std::int64_t max_bytes) {
  if (db.dialect() != dialect::sqlite) {
    throw db_error(db.path() + ": --db-max-bytes is a SQLite page budget; a PostgreSQL "
                   "server's space is its administrator's (quotas, tablespaces)", 0);
  }
  statement size{db, "PRAGMA page_size"};
  cursor c = size.open();
  const std::int64_t page = c.next() && c.int64(0) > 0 ? c.int64(0) : 4096;
  db.exec_or_throw("PRAGMA max_page_count = " + std::to_string(std::max<std::int64_t>(1, max_bytes / page)));
}

std::string sql(const char* head, const char* tail = "") {
  return std::string(head) + run_columns + tail;
}

}  // namespace

store::impl::impl(const std::string& path, store_options opts)
    : options(std::move(opts)),
      db(open_migrated(path, options.busy_timeout_ms)),
      ledger(db, ledger_rules{options.known_default_udns}),
      find_run(db, sql("SELECT ", " FROM runs WHERE input = ?1 AND day = ?2 ORDER BY id DESC LIMIT 1")),
      insert_run(db, "INSERT INTO runs(input, day, config_hash, started_at, state) "
                     "VALUES(?1, ?2, ?3, ?4, 'running')"),
      set_run_running(db, "UPDATE runs SET state = 'running', finished_at = NULL WHERE id = ?1"),
      select_run(db, sql("SELECT ", " FROM runs WHERE id = ?1")),
      finished(db, "SELECT DISTINCT ip FROM progress WHERE run_id = ?1"),
      host_exists(db, "SELECT 1 FROM hosts WHERE run_id = ?1 AND ip = ?2"),
      insert_host(db, "INSERT INTO hosts(run_id, ip, day, country, tag, started_at, finished_at, "
                      "open, family, device_id, honeypot, first_seen, lag_s) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
      select_device(db, "SELECT id FROM devices WHERE udn = ?1"),
      insert_device(db, "INSERT INTO devices(udn, udn_raw, mac, shared, shared_reason, "
                        "shared_evidence, family, vendor, manufacturer, model_name, model_number, "
                        "serial_number, first_day, last_day, identity_kind) "
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)"),
      update_device_days(db, "UPDATE devices SET first_day = min(first_day, ?2), "
                             "last_day = max(last_day, ?2), family = coalesce(family, ?3), "
                             "vendor = coalesce(vendor, ?4), identity_kind = "
                             "CASE WHEN ?5 = 'udn' THEN 'udn' ELSE identity_kind END WHERE id = ?1"),
      insert_host_device(db, "INSERT INTO host_devices(host_id, seq, family, vendor, product, "
                             "version, certainty, ports, conflicts, device_id) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
      insert_response(db, "INSERT INTO responses(host_id, seq, port, probe, path, status, detail, "
                          "elapsed_ms, http_status, server, title, realm, content_type, raw, "
                          "raw_bytes, body_sha256) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                          "?10, ?11, ?12, ?13, ?14, ?15, ?16)"),
      insert_description(db, "INSERT INTO descriptions(host_id, response_id, device_path, "
                             "device_type, friendly_name, manufacturer, model_name, model_number, "
                             "model_description, serial_number, udn_raw, udn) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
      insert_certificate(db, "INSERT INTO certificates(response_id, host_id, port, status, "
                             "detail, subject, issuer, not_before, not_after, sha256) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
      insert_verdict(db, "INSERT INTO verdicts(host_id, family, vendor, product, version, "
                         "certainty, evidence, conflicts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
      insert_progress(db, "INSERT INTO progress(run_id, ip, port, probe, status) "
                          "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(run_id, ip, port, probe) "
                          "DO UPDATE SET status = excluded.status"),
      upsert_sighting(db, "INSERT INTO sightings(device_id, ip, day, first_seen, last_seen, run_id) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(device_id, day, ip) DO UPDATE "
                          "SET first_seen = min(sightings.first_seen, excluded.first_seen), "
                          "last_seen = max(sightings.last_seen, excluded.last_seen), "
                          "run_id = excluded.run_id"),
      bump_run(db, "UPDATE runs SET hosts_done = hosts_done + 1, hosts_open = hosts_open + ?2, "
                   "hosts_identified = hosts_identified + ?3 WHERE id = ?1"),
      finish_run(db, "UPDATE runs SET state = ?2, finished_at = ?3, targets = ?4, "
                     "refused = ?5 WHERE id = ?1"),
      insert_source(db, "INSERT OR IGNORE INTO sources(run_id, ip, day, country, tag, admission, "
                        "first_seen, last_seen, mirai_syns, mirai_dsts, dst_ports) "
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
      refuse_source(db, "UPDATE sources SET admission = ?3 WHERE run_id = ?1 AND ip = ?2 "
                        "AND ?3 <> 'duplicate'") {
  db.set_busy_interrupt(options.interrupted);
  if (options.max_bytes > 0) apply_byte_budget(db, options.max_bytes);
  if (!ledger.stale()) return;
  // Keys stored under other rules are re-derived before anything is added (an edge: a
  // failure here is an open failure).
  transaction tx{db};
  status s = tx.begun();
  if (s.ok()) opened_rebuild = ledger.rebuild(s);
  if (s.ok()) s = tx.commit();
  if (!s.ok()) throw db_error(db.path() + ": cannot re-derive the device ledger: " + s.message, s.code);
}

const std::string& store::impl::day_of(std::int64_t run_id) {
  auto it = run_days.find(run_id);
  if (it != run_days.end()) return it->second;
  cursor c = select_run.open();
  c.bind(1, run_id);
  std::string day = c.next() ? c.text(2) : std::string{};
  return run_days.emplace(run_id, std::move(day)).first->second;
}

store::store(const std::string& path, store_options options)
    : impl_(std::make_unique<impl>(path, std::move(options))) {}

store::~store() { flush(); }

database& store::db() { return impl_->db; }

run_open_result store::open_run(const std::string& input, const std::string& day,
                                const std::string& config_hash, bool new_run) {
  flush();
  run_open_result out;
  std::optional<run_info> latest;
  {
    cursor c = impl_->find_run.open();
    c.bind(1, input).bind(2, day);
    if (c.next()) latest = read_run(c);
  }
  if (latest && !new_run) {
    if (latest->config_hash != config_hash) {
      out.outcome = run_outcome::config_changed;
      out.previous = latest;
      return out;
    }
    cursor c = impl_->set_run_running.open();
    c.bind(1, latest->id).run();
    out.outcome = run_outcome::resumed;
    out.run = *run(latest->id);
    return out;
  }
  {
    cursor c = impl_->insert_run.open();
    c.bind(1, input).bind(2, day).bind(3, config_hash).bind(4, iso_time(std::chrono::system_clock::now()));
    const status s = c.run();
    if (!s.ok()) throw db_error("cannot create run: " + s.message, s.code);
  }
  out.outcome = run_outcome::created;
  out.previous = latest;
  out.run = *run(impl_->db.last_insert_rowid());
  return out;
}

std::optional<run_info> store::run(std::int64_t run_id) {
  cursor c = impl_->select_run.open();
  c.bind(1, run_id);
  if (!c.next()) return std::nullopt;
  return read_run(c);
}

std::unordered_set<std::string> store::finished_targets(std::int64_t run_id) {
  std::unordered_set<std::string> out;
  cursor c = impl_->finished.open();
  c.bind(1, run_id);
  while (c.next()) out.insert(c.text(0));
  return out;
}

status store::impl::begin_batch() {
  if (batch) return {};
  batch = std::make_unique<transaction>(db);
  if (!batch->begun().ok()) {
    status s = batch->begun();
    batch.reset();
    return s;
  }
  batch_hosts = 0;
  batch_started = std::chrono::steady_clock::now();
  return {};
}

status store::add_source(std::int64_t run_id, const source_row& row) {
  if (status s = impl_->begin_batch(); !s.ok()) return s;
  cursor c = impl_->insert_source.open();
  c.bind(1, run_id).bind(2, row.ip).bind(3, impl_->day_of(run_id)).bind(4, row.country);
  c.bind(5, row.tag).bind(6, source_admitted).bind(7, row.counts.first_seen);
  c.bind(8, row.counts.last_seen);
  const auto bind_count = [&c](int index, const std::optional<std::int64_t>& n) {
    if (n) c.bind(index, *n); else c.bind_null(index);
  };
  bind_count(9, row.counts.mirai_syns);
  bind_count(10, row.counts.mirai_dsts);
  bind_count(11, row.counts.dst_ports);
  return c.run();
}

status store::refuse_source(std::int64_t run_id, const std::string& ip, const std::string& reason) {
  if (status s = impl_->begin_batch(); !s.ok()) return s;
  cursor c = impl_->refuse_source.open();
  c.bind(1, run_id).bind(2, ip).bind(3, reason);
  return c.run();
}

// One attempt inside the open batch: on failure only this host's writes (and `also`'s,
// e.g. follow's dequeue) are undone.
status store::impl::write_host_alone(std::int64_t run_id, const parsers::host_result& host,
                                     const std::function<status()>& also) {
  if (status b = begin_batch(); !b.ok()) return b;
  savepoint sp{db, "host"};
  if (!sp.begun().ok()) return sp.begun();
  status s = write_host(run_id, host);
  if (s.ok() && also) s = also();
  if (s.ok()) s = sp.release();
  return s;
}

status store::add_host(std::int64_t run_id, const parsers::host_result& host) {
  return add_host(run_id, host, {});
}

status store::add_host(std::int64_t run_id, const parsers::host_result& host,
                       const std::function<status()>& also) {
  status s = impl_->write_host_alone(run_id, host, also);
  // On a shared PostgreSQL store another writer can hold what this host needs (a device
  // row it inserted or updated, uncommitted): commit ours, which releases our locks and
  // ends a deadlock, then write the host again; it now sees the other's committed rows.
  for (int attempt = 1; s.conflict() && impl_->db.dialect() == dialect::postgres &&
                        attempt < impl::conflict_attempts;
       ++attempt) {
    if (status f = flush(); !f.ok()) return f;
    s = impl_->write_host_alone(run_id, host, also);
  }
  if (!impl_->batch) return s;
  ++impl_->batch_hosts;
  if (impl_->batch_hosts >= impl_->options.hosts_per_commit ||
      std::chrono::steady_clock::now() - impl_->batch_started >= impl_->options.max_commit_delay) {
    const status f = flush();
    if (s.ok() && !f.ok()) return f;  // else the host's own error says more (e.g. SQLITE_FULL)
  }
  return s;
}

status store::flush() {
  if (!impl_->batch) return {};
  // SQLite rolls the whole transaction back on some errors (SQLITE_FULL, SQLITE_IOERR,
  // SQLITE_NOMEM): its hosts are gone, reported by the add_host that failed, and probed
  // again on resume. There is nothing left to commit.
  const bool rolled_back = !impl_->db.backend().in_transaction();
  status s = rolled_back ? status{} : impl_->batch->commit();
  impl_->batch.reset();
  return s;
}

const rebuild_report& store::rebuild_at_open() const { return impl_->opened_rebuild; }

rebuild_report store::rebuild_ledger() {
  status s = flush();
  rebuild_report report;
  transaction tx{impl_->db};
  if (s.ok()) s = tx.begun();
  if (s.ok()) report = impl_->ledger.rebuild(s);
  if (s.ok()) s = tx.commit();
  if (!s.ok()) throw db_error("cannot re-derive the device ledger: " + s.message, s.code);
  return report;
}

std::vector<clone_check> store::pending_clone_checks(std::int64_t run_id) {
  flush();
  return impl_->ledger.pending_checks(run_id);
}

status store::resolve_clone_check(const clone_check& check, clone_outcome outcome,
                                  const std::string& detail) {
  status s = flush();
  if (!s.ok()) return s;
  transaction tx{impl_->db};
  if (s = tx.begun(); !s.ok()) return s;
  impl_->ledger.resolve(check, outcome, detail, s);
  return s.ok() ? tx.commit() : s;
}

std::vector<reclassification> store::reclassified_by(std::int64_t run_id) {
  flush();
  return impl_->ledger.reclassified_by(run_id);
}

status store::finish_run(std::int64_t run_id, bool complete, std::int64_t targets,
                         std::int64_t refused) {
  status s = flush();
  if (!s.ok()) return s;
  cursor c = impl_->finish_run.open();
  c.bind(1, run_id).bind(2, complete ? "finished" : "interrupted");
  c.bind(3, iso_time(std::chrono::system_clock::now())).bind(4, targets).bind(5, refused);
  s = c.run();
  // Sampled statistics (cheap even on a large store) let lookups skip through indexes.
  // Only for a complete run: an interrupted one (a full disk, a stop) gets them on resume.
  if (s.ok() && complete) s = impl_->db.exec("PRAGMA analysis_limit = 1000; ANALYZE;");
  return s;
}

}  // namespace iotprobe::db
