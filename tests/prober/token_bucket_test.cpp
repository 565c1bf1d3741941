// Unit tests for prober/token_bucket with a hand-driven clock.
#include "prober/token_bucket.hpp"

#include <catch2/catch.hpp>

using iotprobe::prober::token_bucket;
using namespace std::chrono_literals;

TEST_CASE("the bucket starts full and refills at its rate", "[token_bucket]") {
  const auto t0 = token_bucket::clock::time_point{} + 1h;
  token_bucket bucket(10, 5, t0);  // 10/s, depth 5
  for (int i = 0; i < 5; ++i) CHECK(bucket.try_take(t0));
  CHECK_FALSE(bucket.try_take(t0));
  const auto wait = bucket.wait_time(t0);
  CHECK(wait >= 99ms);
  CHECK(wait <= 101ms);
  CHECK_FALSE(bucket.try_take(t0 + 50ms));
  CHECK(bucket.try_take(t0 + 100ms));
  CHECK_FALSE(bucket.try_take(t0 + 100ms));
}

TEST_CASE("idle time never stores more than the burst", "[token_bucket]") {
  const auto t0 = token_bucket::clock::time_point{} + 1h;
  token_bucket bucket(500, 500, t0);
  int taken = 0;
  while (bucket.try_take(t0)) ++taken;
  CHECK(taken == 500);
  const auto later = t0 + 10s;
  taken = 0;
  while (bucket.try_take(later)) ++taken;
  CHECK(taken == 500);
  CHECK(bucket.wait_time(later) > 0ns);
}

TEST_CASE("a second of traffic admits rate + burst tokens", "[token_bucket]") {
  const auto t0 = token_bucket::clock::time_point{} + 1h;
  token_bucket bucket(100, 10, t0);
  int taken = 0;
  for (auto t = t0; t <= t0 + 1s; t += 1ms)
    while (bucket.try_take(t)) ++taken;
  CHECK(taken >= 109);
  CHECK(taken <= 111);
}

TEST_CASE("time going backwards adds nothing", "[token_bucket]") {
  const auto t0 = token_bucket::clock::time_point{} + 1h;
  token_bucket bucket(1, 1, t0);
  CHECK(bucket.try_take(t0));
  CHECK_FALSE(bucket.try_take(t0 - 5s));
  CHECK(bucket.try_take(t0 + 1s));
}
