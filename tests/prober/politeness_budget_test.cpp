// Unit tests for prober/politeness_budget: the limits every engine of a run draws on. One
// budget keeps the in-flight total and the rate whatever the number of seats, and a seat
// refused for want of room is woken once room is given back.
#include "prober/politeness_budget.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace prober = iotprobe::prober;
using namespace std::chrono_literals;

namespace {
iotprobe::config::limits limits_of(std::size_t in_flight, double rate, std::size_t burst = 0) {
  iotprobe::config::limits l;
  l.max_in_flight = in_flight;
  l.connect_rate = rate;
  l.connect_burst = burst;
  return l;
}
}  // namespace

TEST_CASE("the in-flight limit is one total over every seat, and a refused seat is woken", "[politeness_budget]") {
  prober::politeness_budget budget(limits_of(3, 1e6), 2);
  int woken_a = 0, woken_b = 0;
  const auto a = budget.join([&] { ++woken_a; });
  const auto b = budget.join([&] { ++woken_b; });
  const auto now = prober::politeness_budget::clock::now();
  CHECK(budget.take_connection(a, now).ok);
  CHECK(budget.take_connection(a, now).ok);
  CHECK(budget.take_connection(b, now).ok);
  const auto refused = budget.take_connection(b, now);
  CHECK_FALSE(refused.ok);
  CHECK(refused.wait == prober::politeness_budget::clock::duration::zero());  // full, not the rate
  CHECK(budget.connections() == 3);
  budget.give_back_connection();  // a's: b, refused, is woken; a was never refused
  CHECK(woken_b == 1);
  CHECK(woken_a == 0);
  budget.give_back_connection();  // nobody waits now: nobody is woken
  CHECK(woken_b == 1);
  CHECK(budget.take_connection(b, now).ok);
  CHECK(budget.connections() == 2);
}

TEST_CASE("hosts in flight share the same total, apart from connections", "[politeness_budget]") {
  prober::politeness_budget budget(limits_of(2, 1e6), 2);
  int woken = 0;
  const auto a = budget.join([] {});
  const auto b = budget.join([&] { ++woken; });
  CHECK(budget.take_host(a));
  CHECK(budget.take_host(a));
  CHECK_FALSE(budget.take_host(b));
  CHECK(budget.take_connection(b, prober::politeness_budget::clock::now()).ok);  // its own count
  budget.give_back_host();
  CHECK(woken == 1);
  CHECK(budget.take_host(b));
  CHECK(budget.hosts() == 2);
}

TEST_CASE("the connection rate is one bucket over every seat, and a rate refusal holds no slot", "[politeness_budget]") {
  prober::politeness_budget budget(limits_of(100, 1, 3), 2);  // 1/s, a burst of 3
  const auto a = budget.join([] {});
  const auto b = budget.join([] {});
  const auto now = prober::politeness_budget::clock::now();
  CHECK(budget.take_connection(a, now).ok);
  CHECK(budget.take_connection(b, now).ok);
  CHECK(budget.take_connection(a, now).ok);
  const auto refused = budget.take_connection(b, now);
  CHECK_FALSE(refused.ok);
  CHECK(refused.wait > 900ms);  // the next token, a second away
  CHECK(budget.connections() == 3);
}

TEST_CASE("a seat past those the budget was made for is refused", "[politeness_budget]") {
  prober::politeness_budget budget(limits_of(1, 1), 1);
  budget.join([] {});
  CHECK_THROWS_AS(budget.join([] {}), std::logic_error);
}

TEST_CASE("threads drawing on one budget never hold more than its limit together", "[politeness_budget]") {
  constexpr std::size_t limit = 5, threads = 4;
  prober::politeness_budget budget(limits_of(limit, 1e9, 1000000), threads);
  std::atomic<std::size_t> held{0}, most{0};
  std::atomic<int> wakes{0};
  std::vector<std::size_t> seats;
  for (std::size_t k = 0; k < threads; ++k) seats.push_back(budget.join([&] { ++wakes; }));
  std::vector<std::thread> pool;
  for (const auto seat : seats)
    pool.emplace_back([&, seat] {
      for (int i = 0; i < 20000; ++i) {
        if (!budget.take_connection(seat, prober::politeness_budget::clock::now()).ok) continue;
        const auto now_held = ++held;
        auto seen = most.load();
        while (now_held > seen && !most.compare_exchange_weak(seen, now_held)) {
        }
        --held;
        budget.give_back_connection();
      }
    });
  for (auto& t : pool) t.join();
  CHECK(most.load() <= limit);
  CHECK(most.load() >= 1);
  CHECK(budget.connections() == 0);
}
