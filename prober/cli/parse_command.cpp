// PLACEHOLDER (replaced by the issue that builds 'parse'): registers nothing yet.
#include "prober/cli/command.hpp"

namespace iotprobe::cli {
void add_parse_command(CLI::App&, int&) {}
}  // namespace iotprobe::cli
