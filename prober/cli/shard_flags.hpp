// --shard i/n, --shards n and --seed S (issue 16), shared by batch, scan and follow: which shard of
// the input this process probes. Without --shard, the index comes from a job launcher
// (JOB_COMPLETION_INDEX of a Kubernetes Indexed Job, else SLURM_ARRAY_TASK_ID). Throws
// CLI::ValidationError at this edge; the sharding itself is parsers/darknet/shard.hpp.
#pragma once

#include "parsers/darknet/shard.hpp"
#include "prober/engine.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace iotprobe::cli {

struct shard_flags {
  std::string shard;                  // --shard i/n
  std::optional<std::uint32_t> shards;  // --shards n (index from the launcher)
  std::uint64_t seed = 0;             // --seed S: the same on every shard of one input
};

void add_shard_flags(CLI::App& cmd, shard_flags& flags);

// Reads an environment variable (std::getenv in the CLI, a map in tests).
using env_lookup = std::function<std::optional<std::string>(const std::string&)>;
env_lookup process_environment();

// The shard asked for, or nullopt when none was. Throws CLI::ValidationError when --shard
// and --shards are both given, the launcher's index is missing or not below n, or "i/n"
// is malformed.
std::optional<parsers::shard_spec> resolve_shard(const shard_flags& flags, const env_lookup& env);

// Only the targets of `shard` (every target when nullopt).
prober::target_source shard_source(prober::target_source next,
                                   const std::optional<parsers::shard_spec>& shard);

}  // namespace iotprobe::cli
