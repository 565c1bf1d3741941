// `iotprobe batch --input FILE --day D [--db PATH] [--new-run] [--pcap FILE…] [--by-day]
// [--shard i/n --seed S] [--vantage NAME]`:
// the daily job. Reads the darknet list (one run per day of it with --by-day), skips
// targets each run already finished, probes the rest with the scan engine and hands every
// host to the store (results + progress in one transaction), re-probes the run's clone
// checks, then prints a summary. Resumable after any kill; never probes twice.
#include "db/day.hpp"
#include "db/report_days.hpp"
#include "db/store.hpp"
#include "db/vantage.hpp"
#include "parsers/core/sha256.hpp"
#include "prober/cli/batch_input.hpp"
#include "prober/cli/clone_check.hpp"
#include "prober/cli/darknet_flags.hpp"
#include "prober/cli/verdict_seam.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/engine_flags.hpp"
#include "prober/cli/shard_flags.hpp"
#include "prober/cli/store_commands.hpp"
#include "prober/cli/store_setup.hpp"
#include "prober/engine.hpp"
#include "prober/sharded_scan.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

namespace iotprobe::cli {
namespace {

struct batch_options {
  std::string input, day, db = default_db_path;
  std::vector<std::string> pcaps;
  bool new_run = false;
  std::int64_t db_max_bytes = 0;
  engine_flags engine;
  darknet_flags darknet;  // --by-day and --include-scanners for every input; the rest for --pcap
  shard_flags sharding;
  std::optional<parsers::shard_spec> shard;  // resolved from `sharding`
  std::string vantage = db::default_vantage;
};

std::string input_name(const batch_options& o) {
  if (!o.input.empty()) return std::filesystem::absolute(o.input).lexically_normal().string();
  std::string name = "pcap:";
  for (const auto& p : o.pcaps) name += std::filesystem::absolute(p).lexically_normal().string() + ";";
  return name;
}

// The run's resume identity: the input, plus its shard and vantage point when given, so
// each shard (and each vantage point) resumes its own run and a re-run of one is safe.
std::string run_name(const batch_options& o) {
  std::string name = input_name(o);
  if (o.shard) name += " [shard " + parsers::describe(*o.shard) + "]";
  if (o.vantage != db::default_vantage) name += " [vantage " + o.vantage + "]";
  return name;
}

void explain_refusal(const db::run_open_result& r, const std::string& hash, const std::string& db) {
  std::cerr << fmt::format(
      "iotprobe batch: refusing to resume run {} of {} for {}: it was started with another "
      "configuration (config hash {} there, {} now). Mixing two probe plans in one run would "
      "make its results incomparable. Re-run with the original config, or pass --new-run to "
      "start a separate run (database {}).\n",
      r.previous->id, r.previous->input, r.previous->day, r.previous->config_hash.substr(0, 12),
      hash.substr(0, 12), db);
}

// The first host the store could not take (disk full, locked past the busy wait, I/O
// error): the batch stops at once, since every later host would be probed for nothing.
struct store_failure {
  std::string ip;
  db::status status;
};

void explain_store_failure(const store_failure& f, const std::string& db, bool by_signal) {
  if (by_signal) {
    std::cerr << fmt::format("batch: the stop signal ended a wait for database {}; host {} and "
                             "any later ones are probed again on resume\n", db, f.ip);
    return;
  }
  std::cerr << fmt::format(
      "iotprobe batch: stopped: cannot store host {} in database {}: {} (code {}). Hosts "
      "committed so far are kept; fix the cause (free space, release the lock) and re-run the "
      "same command to resume.\n",
      f.ip, db, f.status.message, f.status.code);
}

// Probes every input target not yet finished in `run_id` and stores each host as it
// completes; returns run_with_signals' code (0, 130, 143), or exit_bad_input when a host
// could not be stored (the batch stopped there).
int probe_run(db::store& store, std::int64_t run_id, batch_input& input,
              const config::settings& settings, const prober::blocklist& blocks,
              const prober::classify_fn& classify, const batch_options& o) {
  const auto finished = store.finished_targets(run_id);
  std::uint64_t skipped = 0;
  std::optional<store_failure> failed;
  std::unique_ptr<prober::sharded_scan> scan;
  const auto check = [&](const db::status& s, const std::string& ip) {
    if (s.ok() || failed) return;
    failed = store_failure{ip, s};
    explain_store_failure(*failed, o.db, prober::stop_signalled());
    if (scan) scan->stop(0);
  };
  // Every input row is recorded (the report's darknet count), finished or not, admitted,
  // refused or skipped, in the batch transaction that also holds the hosts.
  const auto record = [&](const prober::target_spec& t) {
    db::source_row row{t.ip, t.country, t.tag, input.counts ? input.counts() : db::source_counts{}};
    check(store.add_source(run_id, row), t.ip);
  };
  *input.on_skipped = [&](const prober::target_spec& t) {
    record(t);
    check(store.refuse_source(run_id, t.ip, "scanner"), t.ip);
  };
  prober::target_source next = [&]() -> std::optional<prober::target_spec> {
    while (auto t = input.source()) {
      record(*t);
      if (!finished.count(t->ip)) return t;
      ++skipped;
    }
    return std::nullopt;
  };
  auto sink = [&](parsers::host_result host) {
    if (failed || (scan && scan->stopping() && aborted_by_stop(host))) return;
    check(store.add_host(run_id, host), host.ip);
  };
  prober::engine_options eopts;
  eopts.classify = classify;
  // Called on this thread (sharded_scan admits every target here).
  eopts.on_refused = [&](const prober::target_spec& t, const prober::admission_result& a) {
    check(store.refuse_source(run_id, t.ip, std::string(prober::to_string(a.verdict))), t.ip);
  };
  scan = std::make_unique<prober::sharded_scan>(settings, blocks, sink, eopts, o.engine.threads);
  const int rc = scan->run(next, !o.engine.quiet, input.total_hint);
  *input.on_skipped = nullptr;  // it refers to this frame
  const auto stats = scan->stats();
  const auto admitted = static_cast<std::int64_t>(stats.targets_read - stats.refused + skipped);
  const db::status s = store.finish_run(run_id, rc == 0 && !failed, admitted,
                                        static_cast<std::int64_t>(stats.refused));
  if (!s.ok()) {
    // After a stop or a failed write the run row may be unreachable too (same lock, same
    // full disk): say so; a resume sets it again.
    if (!failed && rc == 0) throw std::runtime_error("cannot finish the run: " + s.message);
    std::cerr << fmt::format("batch: run {} left marked running in {}: {}\n", run_id, o.db, s.message);
  }
  if (rc != 0) return rc;
  return failed ? exit_bad_input : exit_ok;
}

// The ledger re-derivation opening the store did (the rules changed since the last run).
void report_rebuild(const db::store& store) {
  const auto& r = store.rebuild_at_open();
  if (r.changed.empty()) return;
  std::cerr << fmt::format("batch: the identity rules changed: {} of {} stored key(s) "
                           "reclassified (iotprobe ledger rebuild prints them)\n",
                           r.changed.size(), r.devices);
}

// One day's run: open or resume it, probe, settle its clone checks, print the summary.
int run_day(db::store& store, const batch_options& o, day_input& day, const std::string& hash,
            const config::settings& settings, const prober::blocklist& blocks,
            const prober::classify_fn& classify) {
  const std::string name = run_name(o);
  const auto opened = store.open_run(name, day.day, hash, o.new_run);
  if (opened.outcome == db::run_outcome::config_changed) {
    explain_refusal(opened, hash, o.db);
    return exit_bad_input;
  }
  if (const db::status s = db::set_run_vantage(store.db(), opened.run.id, o.vantage); !s.ok())
    throw std::runtime_error("cannot record the run's vantage point: " + s.message);
  if (!o.engine.quiet) {
    std::cerr << fmt::format("batch: {} run {} ({} {}), {} host(s) already stored, db {}\n",
                             opened.outcome == db::run_outcome::resumed ? "resuming" : "new",
                             opened.run.id, day.day, name, opened.run.hosts_done, o.db);
  }
  const int rc = probe_run(store, opened.run.id, day.input, settings, blocks, classify, o);
  if (rc == exit_ok) {
    const clone_tally t = settle_clone_checks(store, opened.run.id, settings, blocks);
    if (!o.engine.quiet && t.clones + t.moved + t.inconclusive)
      std::cerr << fmt::format("batch: clone checks re-probed: {} clone(s), {} moved, {} inconclusive\n",
                               t.clones, t.moved, t.inconclusive);
    // The report reads one summary per day: make this day's now, once its clone checks
    // are settled (a stopped run skips it, to stop fast; the report computes what is missing).
    db::day_summaries(store.db(), day.day, day.day);
  }
  if (!o.engine.quiet && day.input.describe) std::cerr << "batch: input: " << day.input.describe() << "\n";
  print_batch_summary(store, opened.run.id, std::cout);
  return rc;
}

int run_batch(batch_options& o) {
  if (o.input.empty() == o.pcaps.empty()) {
    throw CLI::ValidationError("--input/--pcap", "give exactly one of --input FILE or --pcap FILE…");
  }
  if (o.day.empty() && !o.darknet.by_day) throw CLI::ValidationError("--day", "--day is required without --by-day");
  config::settings settings = settings_from_flags(o.engine);
  const std::string hash = parsers::sha256_hex(config::resume_identity_text(settings));
  const prober::blocklist blocks = prober::make_blocklist(settings);
  input_request request{o.input, o.pcaps, o.day.empty() ? std::nullopt : std::optional(o.day),
                        o.darknet.by_day, o.darknet.include_scanners,
                        to_extract_options(o.darknet, settings.darknet), o.shard};
  std::vector<day_input> days = open_batch_days(request);
  if (o.engine.dry_run) {
    for (auto& d : days) print_dry_run(settings, blocks, d.input.source, std::cout);
    return exit_ok;
  }
  fit_to_descriptor_limit(settings);  // after the hash: a lowered width is the same plan
  // Every input file is read before the store is opened: a bad one leaves no run behind.
  const prober::classify_fn classify = make_verdict_classifier(settings);
  db::store_options store_opts = writer_store_options(settings);
  store_opts.max_bytes = o.db_max_bytes;
  db::store store{o.db, store_opts};
  if (!o.engine.quiet) report_rebuild(store);
  for (auto& day : days) {
    const int rc = run_day(store, o, day, hash, settings, blocks, classify);
    if (rc != exit_ok) return rc;
  }
  return exit_ok;
}

}  // namespace

void add_batch_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<batch_options>();
  auto* cmd = app.add_subcommand("batch", "The daily job: probe a darknet list into the store, resumably");
  cmd->add_option("--input", o->input, "darknet output: IP list, CSV/TSV or JSONL");
  cmd->add_option("--pcap", o->pcaps, "darknet pcap(s): Mirai sources are extracted first");
  cmd->add_option("--day", o->day, "the day of rows without a day column, YYYY-MM-DD (required "
                                   "unless --by-day); a row of another day is refused without --by-day");
  cmd->add_option("--db", o->db, "the store")->capture_default_str();
  cmd->add_flag("--new-run", o->new_run, "start a new run even if one exists for this input and day");
  cmd->add_option("--db-max-bytes", o->db_max_bytes,
                  "a disk budget: stop cleanly (resumable) before the store grows past this size")
      ->check(CLI::NonNegativeNumber);
  add_engine_flags(*cmd, o->engine);
  add_shard_flags(*cmd, o->sharding);
  cmd->add_option("--vantage", o->vantage, "the vantage point's name, stored with the run and "
                                           "its sightings (churn --by-vantage compares them)")
      ->capture_default_str();
  add_darknet_flags(*cmd, o->darknet,
                    {"one run per day of the input (the CSV day column, or the capture's days)",
                     "also probe rows tagged scanner or survey-org (skipped by default)"});
  cmd->callback([o, &exit_code] {
    if (!o->day.empty() && !db::parse_day(o->day)) throw CLI::ValidationError("--day", "expected YYYY-MM-DD");
    if (const auto bad = db::vantage_error(o->vantage)) throw CLI::ValidationError("--vantage", *bad);
    o->shard = resolve_shard(o->sharding, process_environment());
    exit_code = run_batch(*o);
  });
}

}  // namespace iotprobe::cli
