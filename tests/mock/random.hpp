// Portable randomness for the fleet: mt19937_64 (bit-exact across standard libraries)
// with distributions written here, since std:: distributions differ between libstdc++
// versions and a seed must give the same fleet everywhere. Never seeded from the clock.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

namespace iotprobe::mock {

class random_source {
 public:
  explicit random_source(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t next() { return engine_(); }
  // Uniform in [0, 1) with 53 bits.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) by rejection (no modulo bias); n > 0.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t v;
    do v = engine_();
    while (v >= limit);
    return v % n;
  }
  bool chance(double p) { return unit() < p; }

 private:
  std::mt19937_64 engine_;
};

// A stable 64-bit hash (FNV-1a then a splitmix finaliser) for deriving per-host seeds.
inline std::uint64_t stable_hash(std::string_view text, std::uint64_t salt = 0) {
  std::uint64_t h = 1469598103934665603ULL ^ salt;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace iotprobe::mock
