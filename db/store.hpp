// The store: runs and their resume state, every host's probe results, and the device
// ledger (devices by identity key, each host's devices, sightings per device/ip/day, the
// shared-key rules of db/ledger.hpp). One writer per SQLite database, several on
// PostgreSQL (a host that races another writer is written again: store.cpp);
// hosts are written in batched transactions, and a host's results and its progress rows
// always commit together, so a kill -9 loses only hosts that a resume probes again.
// Throws db_error only from the constructor (open + migrate); the rest returns status.
#pragma once

#include "parsers/model/host_identity.hpp"
#include "db/ledger.hpp"
#include "db/sources.hpp"
#include "db/sqlite.hpp"
#include "parsers/model/host_result.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace iotprobe::db {

struct store_options {
  std::vector<std::string> known_default_udns = parsers::builtin_default_udns();
  std::size_t raw_cap = 16 * 1024;        // raw response bytes kept per probe…
  std::size_t raw_cap_per_host = 256 * 1024;  // …and per host, all its probes together
  std::size_t hosts_per_commit = 256;     // a batch commits after this many hosts…
  std::chrono::milliseconds max_commit_delay{1000};  // …or after this long
  int busy_timeout_ms = 10000;
  // Asked during every busy wait: true ends it at once (a stop signal). May be empty.
  std::function<bool()> interrupted;
  // A disk budget: writes that would grow the database past this many bytes fail with
  // SQLITE_FULL, as a full disk would (0: no budget). Not persistent; set per open.
  std::int64_t max_bytes = 0;
};

struct run_info {
  std::int64_t id = 0;
  std::string input, day, config_hash, state, started_at;
  std::optional<std::string> finished_at;
  std::int64_t targets = 0, refused = 0, hosts_done = 0, hosts_open = 0, hosts_identified = 0;
};

enum class run_outcome {
  created,         // a new run
  resumed,         // same input, day and config hash as an existing run: continue it
  config_changed,  // same input and day but another config hash: refused (see `previous`)
};

struct run_open_result {
  run_outcome outcome = run_outcome::created;
  run_info run;                     // the run to use (unset when config_changed)
  std::optional<run_info> previous; // the run with the other config hash
};

class store {
 public:
  explicit store(const std::string& path, store_options options = {});
  ~store();  // commits the open batch
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  // Finds the latest run for (input, day). Same config hash → resumed; another hash →
  // config_changed unless `new_run`, which always creates a run.
  run_open_result open_run(const std::string& input, const std::string& day,
                           const std::string& config_hash, bool new_run);
  std::optional<run_info> run(std::int64_t run_id);
  // Targets whose results are committed for this run: a resume skips exactly these.
  std::unordered_set<std::string> finished_targets(std::int64_t run_id);

  // Writes one finished host (results, descriptions, verdict, progress, ledger) inside
  // the current batch transaction; commits when the batch is full or old. A host already
  // stored for this run is ignored. On error, only this host's writes are rolled back.
  status add_host(std::int64_t run_id, const parsers::host_result& host);
  // The same, running `also` in this host's savepoint after its rows are written (even when
  // the host was already stored): both commit together or not at all (follow's queue).
  status add_host(std::int64_t run_id, const parsers::host_result& host,
                  const std::function<status()>& also);
  // Commits the open batch now.
  status flush();

  // The ledger re-derivation done when this store was opened because the stored keys were
  // derived under other rules (another known-defaults list, an older iotprobe); empty
  // when none was needed.
  const rebuild_report& rebuild_at_open() const;
  // Re-derives every key's shared status under this store's rules now (commits).
  rebuild_report rebuild_ledger();
  // Clone checks `run_id` opened (one key at two addresses), and a re-probe's outcome.
  std::vector<clone_check> pending_clone_checks(std::int64_t run_id);
  status resolve_clone_check(const clone_check& check, clone_outcome outcome,
                             const std::string& detail);
  // What `run_id`'s evidence reclassified, with the days whose counts changed.
  std::vector<reclassification> reclassified_by(std::int64_t run_id);
  // Records one darknet input row of `run_id` as admitted, inside the current batch (it
  // commits with the hosts around it; never by itself). The first row recorded for an
  // address in a run is kept: a resume or a duplicate row records nothing new.
  status add_source(std::int64_t run_id, const source_row& row);
  // Marks the recorded row of `ip` refused with `reason` (the admission's name). A
  // "duplicate" refusal leaves the first row as it was.
  status refuse_source(std::int64_t run_id, const std::string& ip, const std::string& reason);
  // Records the admission counts (totals for the run) and marks the run finished or interrupted (commits).
  status finish_run(std::int64_t run_id, bool complete, std::int64_t targets,
                    std::int64_t refused);

  database& db();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iotprobe::db
