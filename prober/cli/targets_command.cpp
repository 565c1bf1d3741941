// PLACEHOLDER (replaced by the issue that builds 'targets'): registers nothing yet.
#include "prober/cli/command.hpp"

namespace iotprobe::cli {
void add_targets_command(CLI::App&, int&) {}
}  // namespace iotprobe::cli
