// Tests for target shards (issue 16): SipHash-2-4 against its published vector, "i/n"
// parsing and the launcher-index form, and, as ZMap's own shard test does, that the
// shards of 1M addresses are disjoint, cover the input and are balanced.
#include "parsers/darknet/shard.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

using namespace iotprobe::parsers;

TEST_CASE("siphash24 matches the reference test vectors", "[shard]") {
  const std::uint64_t k0 = 0x0706050403020100ULL, k1 = 0x0f0e0d0c0b0a0908ULL;
  std::string message;
  CHECK(siphash24(k0, k1, message) == 0x726fdb47dd0e0e31ULL);
  for (char c = 0; c < 15; ++c) message.push_back(c);
  CHECK(siphash24(k0, k1, message) == 0xa129ca6149be45e5ULL);
  message.push_back(15);
  CHECK(siphash24(k0, k1, message) == 0x3f2acc7f57c29bdbULL);
}

TEST_CASE("parse_shard reads i/n counted from 0 and explains refusals", "[shard]") {
  CHECK(parse_shard("0/1").shard == shard_spec{0, 1, 0});
  CHECK(parse_shard("6/7").shard == shard_spec{6, 7, 0});
  for (const char* bad : {"", "3", "1/", "/4", "-1/4", "1/-4", "a/b", "1/4x", " 1/4", "4/4", "1/0"}) {
    INFO(bad);
    const auto r = parse_shard(bad);
    CHECK_FALSE(r.shard);
    CHECK_FALSE(r.error.empty());
  }
  CHECK(parse_shard("4/4").error.find("below n=4") != std::string::npos);
}

TEST_CASE("shard_from_index takes a launcher's index below the count", "[shard]") {
  CHECK(shard_from_index("JOB_COMPLETION_INDEX", "2", 4).shard == shard_spec{2, 4, 0});
  const auto high = shard_from_index("SLURM_ARRAY_TASK_ID", "4", 4);
  CHECK_FALSE(high.shard);
  CHECK(high.error == "SLURM_ARRAY_TASK_ID=4 is not below --shards 4 (indexes count from 0)");
  CHECK_FALSE(shard_from_index("SLURM_ARRAY_TASK_ID", "x", 4).shard);
  CHECK_FALSE(shard_from_index("SLURM_ARRAY_TASK_ID", "0", 0).shard);
}

TEST_CASE("shards of 1M addresses are disjoint, cover the input and are balanced", "[shard]") {
  std::vector<std::string> addresses;
  addresses.reserve(1'000'000);
  for (std::uint32_t i = 0; i < 1'000'000; ++i)  // a contiguous range: the hardest input to mix
    addresses.push_back(fmt::format("{}.{}.{}.{}", 100, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
  for (const std::uint32_t n : {1u, 2u, 7u, 16u}) {
    INFO("n = " << n);
    std::vector<std::uint64_t> sizes(n, 0);
    std::uint64_t claimed = 0;
    for (const auto& a : addresses) {
      const std::uint32_t shard = shard_of(a, 42, n);
      if (shard >= n) FAIL(a << " went to shard " << shard);
      ++sizes[shard];
      // Disjoint and covering: exactly one shard spec of the n claims the address.
      std::uint32_t owners = 0;
      for (std::uint32_t i = 0; i < n; ++i) owners += in_shard({i, n, 42}, a) ? 1 : 0;
      claimed += owners;
      if (owners != 1) FAIL(a << " is claimed by " << owners << " shards");
    }
    CHECK(claimed == addresses.size());
    const double expected = static_cast<double>(addresses.size()) / n;
    for (std::uint32_t i = 0; i < n; ++i) {
      INFO("shard " << i << " holds " << sizes[i]);
      CHECK(std::abs(static_cast<double>(sizes[i]) - expected) / expected < 0.03);
    }
  }
}

TEST_CASE("another seed deals the addresses out differently", "[shard]") {
  int moved = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string a = fmt::format("100.0.{}.{}", i / 256, i % 256);
    moved += shard_of(a, 1, 16) != shard_of(a, 2, 16) ? 1 : 0;
  }
  CHECK(moved > 800);  // 15/16 expected
}
