// Shard parsing and the keyed hash behind it (see shard.hpp). SipHash-2-4 follows the
// reference implementation (Aumasson and Bernstein, 2012); the test checks its published
// test vector. The 128-bit key is derived from the 64-bit seed with splitmix64.
#include "parsers/darknet/shard.hpp"

#include <fmt/format.h>

#include <charconv>

namespace iotprobe::parsers {
namespace {

constexpr std::uint32_t max_shards = 1u << 20;

constexpr std::uint64_t rotl(std::uint64_t x, int b) noexcept { return (x << b) | (x >> (64 - b)); }

struct sip_state {
  std::uint64_t v0, v1, v2, v3;
  void round() noexcept {
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  }
  void absorb(std::uint64_t m) noexcept {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

std::uint64_t load_le(const unsigned char* p, std::size_t n) noexcept {
  std::uint64_t m = 0;
  for (std::size_t i = 0; i < n; ++i) m |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return m;
}

std::uint64_t splitmix64(std::uint64_t& x) noexcept {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::optional<std::uint32_t> parse_count(std::string_view text) {
  std::uint32_t v = 0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || p != end) return std::nullopt;
  return v;
}

}  // namespace

std::uint64_t siphash24(std::uint64_t k0, std::uint64_t k1, std::string_view bytes) noexcept {
  sip_state s{k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
              k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL};
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size(), whole = n - n % 8;
  for (std::size_t i = 0; i < whole; i += 8) s.absorb(load_le(p + i, 8));
  s.absorb(load_le(p + whole, n - whole) | (static_cast<std::uint64_t>(n & 0xff) << 56));
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

std::uint32_t shard_of(std::string_view address, std::uint64_t seed, std::uint32_t count) noexcept {
  if (count <= 1) return 0;
  std::uint64_t state = seed;
  const std::uint64_t k0 = splitmix64(state), k1 = splitmix64(state);
  return static_cast<std::uint32_t>(siphash24(k0, k1, address) % count);
}

shard_parse_result parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  const auto index = slash == std::string_view::npos ? std::nullopt : parse_count(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : parse_count(text.substr(slash + 1));
  if (!index || !count)
    return {std::nullopt, fmt::format("'{}' is not i/n (two decimals, e.g. 0/4)", text)};
  if (*count == 0 || *count > max_shards)
    return {std::nullopt, fmt::format("'{}': n must be 1..{}", text, max_shards)};
  if (*index >= *count)
    return {std::nullopt, fmt::format("'{}': the shard index counts from 0, so it must be below n={}",
                                      text, *count)};
  return {shard_spec{*index, *count, 0}, {}};
}

shard_parse_result shard_from_index(std::string_view variable, std::string_view value,
                                    std::uint32_t count) {
  if (count == 0 || count > max_shards)
    return {std::nullopt, fmt::format("--shards must be 1..{}", max_shards)};
  const auto index = parse_count(value);
  if (!index)
    return {std::nullopt, fmt::format("{}='{}' is not a shard index (a decimal)", variable, value)};
  if (*index >= count)
    return {std::nullopt, fmt::format("{}={} is not below --shards {} (indexes count from 0)",
                                      variable, *index, count)};
  return {shard_spec{*index, count, 0}, {}};
}

std::string describe(const shard_spec& s) {
  return fmt::format("{}/{} seed {}", s.index, s.count, s.seed);
}

}  // namespace iotprobe::parsers
