// The `serve` subcommand: loads personas and a day's manifest (or explicit hosts), binds
// the ports, prints them, then runs until SIGTERM/SIGINT, parent death or stdin EOF.
#pragma once

#include <CLI/CLI.hpp>

namespace iotprobe::mock {

void add_serve(CLI::App& app, int& exit_code);

}  // namespace iotprobe::mock
