// The run's global politeness limits, shared by every engine of a run: connections in flight,
// hosts in flight and the connection rate (one token bucket). With --threads N the engines
// draw on one budget, so the limits mean the same with 1 or N threads and a budget one shard
// leaves unused is another's. Every member may be called from any engine's thread.
#pragma once

#include "config/settings.hpp"
#include "prober/token_bucket.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

namespace iotprobe::prober {

class politeness_budget {
 public:
  using clock = token_bucket::clock;

  // The budget `limits` describe (max_in_flight for connections and for hosts, connect_rate,
  // connect_burst), for at most `seats` engines.
  politeness_budget(const config::limits& limits, std::size_t seats);
  politeness_budget(const politeness_budget&) = delete;
  politeness_budget& operator=(const politeness_budget&) = delete;

  // Takes an engine's seat before any thread draws on the budget. `wake` is called, from
  // whichever thread gives room back, after the seat was refused for want of room; it must
  // be cheap and thread-safe (a post to the engine's loop). Throws past `seats`.
  std::size_t join(std::function<void()> wake);

  // One host in flight; false when max_in_flight hosts are: the seat is woken later.
  bool take_host(std::size_t seat);
  void give_back_host();

  // One connection slot and one token. Refused for want of a slot: the seat is woken later
  // (wait is zero). Refused by the rate: nothing is held, retry after `wait`.
  struct grant {
    bool ok = false;
    clock::duration wait{};
  };
  grant take_connection(std::size_t seat, clock::time_point now);
  void give_back_connection();

  std::size_t connections() const { return connections_.load(); }
  std::size_t hosts() const { return hosts_.load(); }

 private:
  bool take_or_park(std::atomic<std::size_t>& used, std::size_t seat);
  void give_back(std::atomic<std::size_t>& used);

  const std::size_t max_in_flight_;
  std::atomic<std::size_t> connections_{0}, hosts_{0};
  std::mutex bucket_mutex_;
  token_bucket bucket_;  // guarded by bucket_mutex_
  const std::size_t seats_;
  std::atomic<std::size_t> joined_{0};
  std::unique_ptr<std::function<void()>[]> wake_;  // written by join() only, before the run
  std::unique_ptr<std::atomic<bool>[]> parked_;    // the seat was refused and waits for room
};

}  // namespace iotprobe::prober
