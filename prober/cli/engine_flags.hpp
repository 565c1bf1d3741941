// Command-line flags shared by every subcommand that runs the scan engine (probe, scan,
// batch): --config, every limit, --allow, --exclude, --port-map, --ports, --profile,
// --threads, --quiet, --dry-run; plus the dry-run printer. Throws config_error on bad values (an edge).
#pragma once

#include "config/settings.hpp"
#include "prober/engine.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace iotprobe::cli {

struct engine_flags {
  std::string config_path;  // empty: the shipped config/iotprobe.conf
  std::vector<std::pair<std::string, std::string>> overrides;  // applied after the file
  std::size_t threads = 0;  // event loops (--threads); 0 = one per core
  bool quiet = false;
  bool dry_run = false;
};

// Registers the shared flags on `cmd`; values land in `flags` when CLI11 parses.
void add_engine_flags(CLI::App& cmd, engine_flags& flags);

// Loads the config file, applies the flag overrides and validates (throws config_error).
config::settings settings_from_flags(const engine_flags& flags);

// Before a run that opens connections: keeps settings.limits.max_in_flight within the
// descriptor limit (prober/descriptor_budget.hpp), saying so on stderr when it lowers it.
void fit_to_descriptor_limit(config::settings& settings);

struct dry_run_counts {
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;
};

// Prints one line per target ("ACCEPT 192.0.2.1" / "REFUSE 10.0.0.1 blocklist: …")
// and a summary; sends nothing.
dry_run_counts print_dry_run(const config::settings& settings, const prober::blocklist& blocks,
                             const prober::target_source& next, std::ostream& out);

}  // namespace iotprobe::cli
