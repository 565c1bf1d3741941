// merge_stores (see merge.hpp): checks OUT and the inputs, builds the union in
// OUT.merging input by input (each in one transaction), re-derives the ledger, and renames
// the file into place only when all of it committed.
#include "db/merge.hpp"

#include "db/merge_copy.hpp"
#include "db/schema.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <system_error>

namespace iotprobe::db {
namespace {

namespace fs = std::filesystem;

void check_paths(const std::string& out, const std::vector<std::string>& inputs, bool force) {
  if (inputs.empty()) throw db_error("merge: give at least one input store", 0);
  if (fs::exists(out) && !force)
    throw db_error(fmt::format("merge: {} exists; pass --force to replace it", out), 0);
  std::error_code ec;
  for (const auto& in : inputs) {
    if (!fs::is_regular_file(in)) throw db_error(fmt::format("merge: no store at {}", in), 0);
    if (fs::exists(out) && fs::equivalent(in, out, ec))
      throw db_error(fmt::format("merge: {} is both an input and the output", in), 0);
  }
}

int schema_version_of(const std::string& path) {
  database db{path, open_mode::read_only};
  return db.user_version();
}

// The file to attach for `in`: itself at the current version, else a migrated copy in
// `scratch` (VACUUM INTO leaves the input untouched). A newer store is refused.
std::string attachable(const std::string& in, int version, const fs::path& scratch, std::size_t n) {
  if (version == schema_version) return in;
  if (version > schema_version)
    throw db_error(fmt::format("merge: {} has schema version {}, newer than this iotprobe ({}); "
                               "merge with a newer iotprobe", in, version, schema_version), 0);
  const fs::path copy = scratch / fmt::format("input-{}.db", n);
  {
    database src{in, open_mode::read_only};
    statement vacuum{src, "VACUUM INTO ?1"};
    cursor c = vacuum.open();
    c.bind(1, copy.string());
    if (const status s = c.run(); !s.ok())
      throw db_error(fmt::format("merge: cannot copy {} to migrate it: {}", in, s.message), s.code);
  }
  database migrated{copy.string()};
  migrate(migrated);
  return copy.string();
}

void merge_one(database& db, const std::string& file, merge_input_report& report) {
  {
    statement attach{db, "ATTACH DATABASE ?1 AS src"};
    cursor c = attach.open();
    c.bind(1, file);
    if (const status s = c.run(); !s.ok())
      throw db_error(fmt::format("merge: cannot open {}: {}", report.path, s.message), s.code);
  }
  status s;
  {
    transaction tx{db};
    s = tx.begun();
    if (s.ok()) s = copy_attached_store(db, report);
    if (s.ok()) s = tx.commit();
  }
  db.exec("DETACH DATABASE src");
  if (!s.ok()) throw db_error(fmt::format("merge: cannot merge {}: {}", report.path, s.message), s.code);
}

std::int64_t count_rows(database& db, const char* sql) {
  statement q{db, sql};
  cursor c = q.open();
  return c.next() ? c.int64(0) : 0;
}

// A run found in several inputs holds the union of their hosts: its counts are recounted.
constexpr const char* recount_runs =
    "UPDATE runs SET hosts_done = (SELECT count(*) FROM hosts h WHERE h.run_id = runs.id), "
    "hosts_open = (SELECT count(*) FROM hosts h WHERE h.run_id = runs.id AND h.open = 1), "
    "hosts_identified = (SELECT count(*) FROM hosts h WHERE h.run_id = runs.id "
    "AND h.family IS NOT NULL)";

void finish_union(database& db, const ledger_rules& rules, merge_report& report) {
  ledger l{db, rules};
  status s;
  {
    transaction tx{db};
    s = tx.begun();
    if (s.ok()) report.rebuilt = l.rebuild(s);
    if (s.ok()) s = db.exec(recount_runs);
    if (s.ok()) s = tx.commit();
  }
  if (!s.ok())
    throw db_error("merge: cannot re-derive the device ledger or recount the runs: " + s.message, s.code);
  report.runs = count_rows(db, "SELECT count(*) FROM runs");
  report.hosts = count_rows(db, "SELECT count(*) FROM hosts");
  report.devices = count_rows(db, "SELECT count(*) FROM devices");
  report.sightings = count_rows(db, "SELECT count(*) FROM sightings");
  db.exec("PRAGMA analysis_limit = 1000; ANALYZE;");
}

// The file and SQLite's companions; `with_file` false leaves the file itself.
void remove_db_files(const fs::path& p, bool with_file = true) {
  std::error_code ec;
  if (with_file) fs::remove(p, ec);
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(p.string() + suffix, ec);
}

void merge_into(const fs::path& partial, const fs::path& scratch, const std::vector<std::string>& inputs,
                const merge_options& options, const merge_progress& progress, merge_report& report) {
  database db{partial.string()};
  migrate(db);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    merge_input_report r;
    r.path = inputs[i];
    r.schema_version = schema_version_of(inputs[i]);
    const std::string file = attachable(inputs[i], r.schema_version, scratch, i);
    merge_one(db, file, r);
    if (file != inputs[i]) remove_db_files(file);
    if (progress) progress(r);
    report.inputs.push_back(std::move(r));
  }
  finish_union(db, options.rules, report);
}  // closed: the WAL is checkpointed into the file before it is renamed

}  // namespace

merge_report merge_stores(const std::string& out, const std::vector<std::string>& inputs,
                          const merge_options& options, const merge_progress& progress) {
  check_paths(out, inputs, options.force);
  const fs::path partial = out + ".merging";
  const fs::path scratch = options.scratch_dir.empty() ? fs::path(out + ".merging.d")
                                                       : fs::path(options.scratch_dir);
  remove_db_files(partial);  // left by a merge that crashed: never a store anyone uses
  fs::create_directories(scratch);
  merge_report report;
  std::error_code ec;
  try {
    merge_into(partial, scratch, inputs, options, progress, report);
  } catch (...) {
    remove_db_files(partial);
    if (options.scratch_dir.empty()) fs::remove_all(scratch, ec);
    throw;
  }
  if (options.scratch_dir.empty()) fs::remove_all(scratch, ec);
  remove_db_files(out, false);  // an old OUT's WAL must never meet the new file
  fs::rename(partial, out);     // atomic: OUT is the old store or the whole union
  return report;
}

}  // namespace iotprobe::db
