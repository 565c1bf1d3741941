// Shards of a target list (issue 16): `--shard i/n --seed S` keeps the addresses whose
// keyed hash of (S, address) falls into shard i, counted from 0 as ZMap's --shard is.
// The hash is SipHash-2-4 keyed from the seed: well mixed, so shards are balanced for any
// input order, and keyed, so another seed deals addresses out differently. Pure functions:
// no I/O, no globals, never throws on hostile input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iotprobe::parsers {

struct shard_spec {
  std::uint32_t index = 0;  // 0-based
  std::uint32_t count = 1;  // n >= 1; index < count
  std::uint64_t seed = 0;
  friend bool operator==(const shard_spec&, const shard_spec&) = default;
};

struct shard_parse_result {
  std::optional<shard_spec> shard;  // index and count set; the seed is the caller's
  std::string error;                // why "i/n" was refused, when shard is empty
};

// "i/n" with 0 <= i < n <= 2^20 (decimal, no signs or spaces).
shard_parse_result parse_shard(std::string_view text);

// A shard index from a job launcher's variable (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID):
// a decimal below `count`; an error names the variable and the value.
shard_parse_result shard_from_index(std::string_view variable, std::string_view value,
                                    std::uint32_t count);

// SipHash-2-4 of `bytes` under the 128-bit key (k0, k1).
std::uint64_t siphash24(std::uint64_t k0, std::uint64_t k1, std::string_view bytes) noexcept;

// The shard `address` (its canonical text) belongs to among `count`, under `seed`.
std::uint32_t shard_of(std::string_view address, std::uint64_t seed, std::uint32_t count) noexcept;

inline bool in_shard(const shard_spec& s, std::string_view address) noexcept {
  return shard_of(address, s.seed, s.count) == s.index;
}

// "0/3 seed 42": how a run names its shard (part of its resume identity).
std::string describe(const shard_spec& s);

}  // namespace iotprobe::parsers
