// `iotprobe merge OUT.db IN.db… [--force] [--config FILE]` (issue 16): combines SQLite
// stores from shards or machines into one (db/merge.hpp), printing each input as it is
// merged and the union's size. Never writes an input; OUT appears only when complete.
#include "config/settings.hpp"
#include "db/merge.hpp"
#include "db/store.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/store_commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace iotprobe::cli {
namespace {

struct merge_command_options {
  std::string out, config;
  std::vector<std::string> inputs;
  bool force = false, quiet = false;
};

void print_input(const db::merge_input_report& r) {
  std::cerr << fmt::format("merge: {} (schema v{}): {} run(s) new, {} already present; {} host(s) "
                           "new, {} already present\n", r.path, r.schema_version, r.runs_new,
                           r.runs_present, r.hosts_new, r.hosts_present);
}

int run_merge(const merge_command_options& o) {
  const config::settings settings = config::load_settings(o.config);
  db::merge_options options;
  options.force = o.force;
  options.rules.known_default_udns = settings.known_default_udns.empty()
                                         ? db::store_options{}.known_default_udns
                                         : settings.known_default_udns;
  const auto report = db::merge_stores(o.out, o.inputs, options,
                                       o.quiet ? db::merge_progress{} : print_input);
  std::cout << fmt::format("merged {} store(s) into {}: {} run(s), {} host(s), {} device(s), {} "
                           "sighting(s); {} key(s) reclassified over the union\n",
                           report.inputs.size(), o.out, report.runs, report.hosts, report.devices,
                           report.sightings, report.rebuilt.changed.size());
  return exit_ok;
}

}  // namespace

void add_merge_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<merge_command_options>();
  auto* cmd = app.add_subcommand(
      "merge", "Combine SQLite stores (shards, machines) into one: OUT.db IN.db…; the device "
               "ledger is re-derived over the union");
  cmd->add_option("out", o->out, "the merged store to write (refused if it exists, unless --force)")
      ->required();
  cmd->add_option("inputs", o->inputs, "the stores to merge (never written)")->required();
  cmd->add_flag("--force", o->force, "replace OUT if it exists");
  cmd->add_option("--config", o->config, "config file (its known_default_udn list)");
  cmd->add_flag("--quiet", o->quiet, "no line per input");
  cmd->callback([o, &exit_code] { exit_code = run_merge(*o); });
}

}  // namespace iotprobe::cli
