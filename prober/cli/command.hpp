// The contract every iotprobe subcommand follows: it registers itself on the root
// CLI11 app and, when chosen, stores its exit code in `exit_code`. Exceptions are
// allowed here (the CLI is an edge) and main() turns them into messages and codes.
#pragma once

#include <CLI/CLI.hpp>

namespace iotprobe::cli {

enum exit_status : int {
  exit_ok = 0,
  exit_bad_input = 1,
  exit_usage = 2,
  exit_sigint = 130,
  exit_sigterm = 143,
};

// One function per subcommand; main.cpp calls each of them once, in this order.
void add_parse_command(CLI::App& app, int& exit_code);        // parse http|upnp|ssdp
void add_targets_command(CLI::App& app, int& exit_code);      // targets FILE
void add_fingerprints_command(CLI::App& app, int& exit_code); // fingerprints verify
void add_extract_command(CLI::App& app, int& exit_code);      // extract --pcap
void add_probe_commands(CLI::App& app, int& exit_code);       // probe, scan, config show
void add_store_commands(CLI::App& app, int& exit_code);       // batch, lookup, churn, export

}  // namespace iotprobe::cli
