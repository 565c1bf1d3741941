// `iotprobe merge OUT IN…` (issue 16): combines SQLite stores written by shards or by
// other machines into one, as if one store had probed everything. Runs, hosts and their
// results are copied once (a run present in two inputs, say the same store given twice,
// is one run; a host of a run is never copied twice), sightings are merged per
// (device, day, address), and the device ledger is re-derived over the union. OUT is
// written to OUT.merging and renamed when complete, so a crash never leaves half a store.
// Throws db_error (an edge: the CLI reports it); never touches an input.
#pragma once

#include "db/ledger.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace iotprobe::db {

struct merge_options {
  ledger_rules rules;  // the identity rules the union is re-derived under
  bool force = false;  // replace an existing OUT
  std::string scratch_dir;  // where migrated copies of older inputs go (default: beside OUT)
};

// What one input contributed.
struct merge_input_report {
  std::string path;
  int schema_version = 0;  // as found; older inputs are merged from a migrated copy
  std::int64_t runs_new = 0, runs_present = 0, hosts_new = 0, hosts_present = 0;
};

struct merge_report {
  std::vector<merge_input_report> inputs;
  rebuild_report rebuilt;  // keys whose shared status changed once the union was known
  std::int64_t runs = 0, hosts = 0, devices = 0, sightings = 0;  // OUT's rows
};

// Called once per input as it is merged (progress on long merges).
using merge_progress = std::function<void(const merge_input_report&)>;

merge_report merge_stores(const std::string& out, const std::vector<std::string>& inputs,
                          const merge_options& options, const merge_progress& progress = {});

}  // namespace iotprobe::db
