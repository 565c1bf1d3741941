// Settling a batch's clone checks (issue 11 case 4): a key that one run saw at two
// addresses is a clone only if both addresses serve it at the same time. Both are probed
// again together, on the port that served the key only; both answering with it → two
// units (the key becomes shared), one → a device that moved, neither → nothing learnt.
#pragma once

#include "config/settings.hpp"
#include "db/store.hpp"
#include "prober/blocklist.hpp"

#include <cstdint>
#include <ostream>

namespace iotprobe::cli {

struct clone_tally {
  std::size_t clones = 0, moved = 0, inconclusive = 0;
};

// Re-probes every pending check of `run_id` (within the settings' limits and blocklist)
// and records each outcome in the store. Sends nothing when no check is pending.
clone_tally settle_clone_checks(db::store& store, std::int64_t run_id,
                                const config::settings& settings, const prober::blocklist& blocks);

}  // namespace iotprobe::cli
