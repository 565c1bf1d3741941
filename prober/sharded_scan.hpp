// A scan over N threads (--threads N): N scan engines, each on its own io_context and
// thread, with its own libcurl multi handle, on shards of the input by a hash of the
// address, drawing on one politeness budget and feeding one writer on the calling thread.
// The prober's cross-thread code is sharded_scan.cpp and politeness_budget.cpp; neither
// includes db/.
#pragma once

#include "prober/engine.hpp"

#include <cstddef>
#include <memory>

namespace iotprobe::prober {

// The number of engines a run gets: `wanted` (0 = one per core), never more than the
// in-flight limit (each engine needs at least one connection of it).
std::size_t usable_threads(const config::settings& settings, std::size_t wanted);

// The settings of each engine of a threaded run: the run's own, except the dedupe window,
// which is 0 (the hub admits every target once, over the whole input). The politeness
// limits are not split: the engines draw on one politeness_budget (connections and hosts in
// flight, the connection rate), and the per-host limit holds because a host lives on one
// engine.
config::settings shard_settings(const config::settings& settings);

// The engine a target belongs to: a hash of its address (every spelling of one address
// lands on the same engine); 0 when the text is not an address (admission refuses it).
std::size_t shard_of(const target_spec& target, std::size_t count);

// Runs a whole scan. With one thread it is exactly one scan_engine on the calling thread.
// With more, the calling thread is the hub: it pulls the source, admits targets (blocklist,
// exclude, dedupe window: the same verdicts as one engine), hands each to its shard, and
// calls the sink, options.on_refused and options.on_finished, always on this thread, so the
// writer stays single-threaded. options.classify runs on the engines' threads and must be
// safe to call concurrently (the fingerprint engine is: its match data is per thread).
class sharded_scan {
 public:
  sharded_scan(const config::settings& settings, const blocklist& blocks, result_sink sink,
               engine_options options, std::size_t threads);
  ~sharded_scan();
  sharded_scan(const sharded_scan&) = delete;
  sharded_scan& operator=(const sharded_scan&) = delete;

  // Runs to the end with run_with_signals' signals and progress; returns 0, 130 or 143.
  int run(target_source next, bool progress, std::uint64_t total = 0);
  // On the calling thread (e.g. inside the sink): a signal asked the run to stop.
  bool stopping() const;
  // On the calling thread (e.g. inside the sink): stop as a signal would, aborting hosts still
  // in flight after `grace_ms` (0: at once).
  void stop(int grace_ms);
  // The whole run's counters (summed over the engines); exact once run() has returned.
  engine_stats stats() const;
  std::size_t threads() const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace iotprobe::prober
