// The store options every command that writes hosts (batch, follow) derives from the
// settings: the known default UDNs, the per-host raw cap, and a busy wait that a stop signal
// ends at once. One place, so the two writers cannot drift apart.
#pragma once

#include "config/settings.hpp"
#include "db/store.hpp"

namespace iotprobe::cli {

db::store_options writer_store_options(const config::settings& settings);

}  // namespace iotprobe::cli
