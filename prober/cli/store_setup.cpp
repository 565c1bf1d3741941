// See store_setup.hpp.
#include "prober/cli/store_setup.hpp"

#include "prober/engine.hpp"

namespace iotprobe::cli {

db::store_options writer_store_options(const config::settings& settings) {
  db::store_options options;
  if (!settings.known_default_udns.empty()) options.known_default_udns = settings.known_default_udns;
  options.interrupted = &prober::stop_signalled;
  options.raw_cap_per_host = settings.limits.stored_raw_bytes_per_host;
  return options;
}

}  // namespace iotprobe::cli
