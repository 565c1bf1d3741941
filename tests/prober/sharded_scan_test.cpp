// Unit tests for prober/sharded_scan's pure parts: what each engine's settings keep, and
// which engine a target belongs to.
#include "prober/sharded_scan.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace prober = iotprobe::prober;

TEST_CASE("each engine keeps the run's limits: they are one budget, not split", "[sharded_scan]") {
  iotprobe::config::settings s;
  s.limits.max_in_flight = 1001;
  s.limits.connect_rate = 500;
  s.limits.connect_burst = 7;
  s.limits.per_host_connections = 2;
  s.limits.dedupe_window = 1000;
  const auto part = prober::shard_settings(s);
  CHECK(part.limits.max_in_flight == 1001);  // drawn on through one politeness_budget
  CHECK(part.limits.connect_rate == Approx(500));
  CHECK(part.limits.connect_burst == 7);
  CHECK(part.limits.per_host_connections == 2);  // a host lives on one engine
  CHECK(part.limits.dedupe_window == 0);         // the hub admits, once
}

TEST_CASE("a run never has more engines than connections in flight", "[sharded_scan]") {
  iotprobe::config::settings s;
  s.limits.max_in_flight = 3;
  CHECK(prober::usable_threads(s, 8) == 3);
  CHECK(prober::usable_threads(s, 2) == 2);
  CHECK(prober::usable_threads(s, 0) >= 1);  // one per core
  s.limits.max_in_flight = 1;
  CHECK(prober::usable_threads(s, 4) == 1);
}

TEST_CASE("an address always lands on the same engine, and addresses spread", "[sharded_scan]") {
  const auto of = [](const std::string& ip, std::size_t n) { return prober::shard_of({ip, {}, {}, {}}, n); };
  CHECK(of("2001:db8::1", 4) == of("2001:0db8:0:0::1", 4));  // one address, two spellings
  CHECK(of("not an address", 4) == 0);
  CHECK(of("127.0.0.1", 1) == 0);
  std::set<std::size_t> seen;
  std::size_t on_zero = 0;
  for (int i = 1; i <= 400; ++i) {
    const auto k = of("127.0.1." + std::to_string(i % 250), 3);
    CHECK(k < 3);
    seen.insert(k);
    if (k == 0) ++on_zero;
  }
  CHECK(seen.size() == 3);
  CHECK(on_zero > 60);  // neighbouring addresses do not pile up on one engine
  CHECK(on_zero < 220);
}
