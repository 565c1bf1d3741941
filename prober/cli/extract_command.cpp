// PLACEHOLDER (replaced by the issue that builds 'extract'): registers nothing yet.
#include "prober/cli/command.hpp"

namespace iotprobe::cli {
void add_extract_command(CLI::App&, int&) {}
}  // namespace iotprobe::cli
