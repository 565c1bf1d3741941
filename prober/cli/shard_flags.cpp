// The shard flags (see shard_flags.hpp): parsing, the launcher's index, the filter.
#include "prober/cli/shard_flags.hpp"

#include <cstdlib>

namespace iotprobe::cli {

void add_shard_flags(CLI::App& cmd, shard_flags& flags) {
  cmd.add_option("--shard", flags.shard,
                 "probe only shard i of n (i/n, counted from 0 as ZMap's --shard): the targets "
                 "whose keyed hash of (--seed, address) falls into shard i");
  cmd.add_option("--shards", flags.shards,
                 "n shards, this one's index from JOB_COMPLETION_INDEX (Kubernetes Indexed "
                 "Job) or SLURM_ARRAY_TASK_ID (Slurm array)");
  cmd.add_option("--seed", flags.seed, "the shard hash's key: give every shard of an input the same")
      ->capture_default_str();
}

env_lookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
}

std::optional<parsers::shard_spec> resolve_shard(const shard_flags& flags, const env_lookup& env) {
  if (!flags.shard.empty() && flags.shards)
    throw CLI::ValidationError("--shard", "give --shard i/n or --shards n, not both");
  parsers::shard_parse_result r;
  if (!flags.shard.empty()) {
    r = parsers::parse_shard(flags.shard);
  } else if (flags.shards) {
    std::optional<std::string> value;
    std::string variable;
    for (const char* name : {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"}) {
      if ((value = env(name))) {
        variable = name;
        break;
      }
    }
    if (!value)
      throw CLI::ValidationError("--shards", "--shards n takes this shard's index from "
                                             "JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID, and "
                                             "neither is set; give --shard i/n instead");
    r = parsers::shard_from_index(variable, *value, *flags.shards);
  } else {
    return std::nullopt;
  }
  if (!r.shard) throw CLI::ValidationError(flags.shard.empty() ? "--shards" : "--shard", r.error);
  r.shard->seed = flags.seed;
  return r.shard;
}

prober::target_source shard_source(prober::target_source next,
                                   const std::optional<parsers::shard_spec>& shard) {
  if (!shard || shard->count == 1) return next;
  return [next = std::move(next), s = *shard]() -> std::optional<prober::target_spec> {
    while (auto t = next())
      if (parsers::in_shard(s, t->ip)) return t;
    return std::nullopt;
  };
}

}  // namespace iotprobe::cli
