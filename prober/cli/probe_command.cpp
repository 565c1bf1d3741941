// PLACEHOLDER (replaced by the issue that builds 'probe'): registers nothing yet.
#include "prober/cli/command.hpp"

namespace iotprobe::cli {
void add_probe_commands(CLI::App&, int&) {}
}  // namespace iotprobe::cli
