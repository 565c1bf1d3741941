// PLACEHOLDER (replaced by the issue that builds 'fingerprints'): registers nothing yet.
#include "prober/cli/command.hpp"

namespace iotprobe::cli {
void add_fingerprints_command(CLI::App&, int&) {}
}  // namespace iotprobe::cli
