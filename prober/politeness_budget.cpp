// The shared politeness budget (politeness_budget.hpp). Counters are lock-free; the token
// bucket takes a mutex. A refused seat parks before it looks once more, and a giver wakes
// every parked seat after its decrement, so room given back is never missed.
#include "prober/politeness_budget.hpp"

#include <algorithm>
#include <stdexcept>

namespace iotprobe::prober {

politeness_budget::politeness_budget(const config::limits& limits, std::size_t seats)
    : max_in_flight_(std::max<std::size_t>(1, limits.max_in_flight)),
      bucket_(limits.connect_rate,
              limits.connect_burst ? static_cast<double>(limits.connect_burst) : limits.connect_rate,
              clock::now()),
      seats_(seats),
      wake_(std::make_unique<std::function<void()>[]>(seats)),
      parked_(std::make_unique<std::atomic<bool>[]>(seats)) {
  for (std::size_t k = 0; k < seats; ++k) parked_[k] = false;
}

std::size_t politeness_budget::join(std::function<void()> wake) {
  const auto seat = joined_.fetch_add(1);
  if (seat >= seats_) throw std::logic_error("politeness_budget: more engines than seats");
  wake_[seat] = std::move(wake);
  return seat;
}

namespace {
bool increment_below(std::atomic<std::size_t>& used, std::size_t max) {
  auto now = used.load();
  while (now < max)
    if (used.compare_exchange_weak(now, now + 1)) return true;
  return false;
}
}  // namespace

// Parks before the second look: a giver that decrements after that look sees the flag.
bool politeness_budget::take_or_park(std::atomic<std::size_t>& used, std::size_t seat) {
  if (increment_below(used, max_in_flight_)) return true;
  parked_[seat].store(true);
  return increment_below(used, max_in_flight_);  // a seat woken needlessly just looks again
}

// Runs on every connection's end: a flag is only read unless its seat is parked, so the
// engines do not write one shared cache line on each give-back. Both sides use seq_cst, so
// either this read sees a park or the parked seat's second look sees this decrement.
void politeness_budget::give_back(std::atomic<std::size_t>& used) {
  used.fetch_sub(1);
  const auto seats = std::min(joined_.load(), seats_);
  for (std::size_t k = 0; k < seats; ++k)
    if (parked_[k].load() && parked_[k].exchange(false) && wake_[k]) wake_[k]();
}

bool politeness_budget::take_host(std::size_t seat) { return take_or_park(hosts_, seat); }
void politeness_budget::give_back_host() { give_back(hosts_); }

politeness_budget::grant politeness_budget::take_connection(std::size_t seat, clock::time_point now) {
  if (!take_or_park(connections_, seat)) return {};
  clock::duration wait{};
  {
    std::lock_guard lock(bucket_mutex_);
    if (bucket_.try_take(now)) return {true, {}};
    wait = bucket_.wait_time(now);
  }
  give_back(connections_);  // like any slot: a seat refused meanwhile is woken
  return {false, wait};
}

void politeness_budget::give_back_connection() { give_back(connections_); }

}  // namespace iotprobe::prober
