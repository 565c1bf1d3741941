// PLACEHOLDER (replaced by the issue that builds 'store'): registers nothing yet.
#include "prober/cli/command.hpp"

namespace iotprobe::cli {
void add_store_commands(CLI::App&, int&) {}
}  // namespace iotprobe::cli
