// Open-addressing IP set (see ip_set.hpp). Linear probing, power-of-two tables kept at
// most 3/4 full; it never allocates per entry and never shrinks.
#include "parsers/darknet/ip_set.hpp"

#include <utility>

namespace iotprobe::parsers {
namespace {

constexpr std::size_t initial_slots = 1024;

// splitmix64 finaliser: spreads sequential addresses (a /24 scanned in order) over the table.
std::uint64_t mix(std::uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t load_be64(const ip_bytes& bytes, std::size_t from) noexcept {
  std::uint64_t value = 0;
  for (std::size_t i = from; i < from + 8; ++i) value = (value << 8) | bytes[i];
  return value;
}

bool is_v4_mapped(const ip_bytes& bytes) noexcept {
  for (std::size_t i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

bool needs_growth(std::size_t size, std::size_t slots) noexcept {
  return slots == 0 || (size + 1) * 4 > slots * 3;
}

}  // namespace

bool ip_set::insert(const ip_bytes& address) {
  if (is_v4_mapped(address)) {
    const std::uint32_t key = (std::uint32_t{address[12]} << 24) | (std::uint32_t{address[13]} << 16) |
                              (std::uint32_t{address[14]} << 8) | std::uint32_t{address[15]};
    return insert_v4(key);
  }
  return insert_v6({load_be64(address, 0), load_be64(address, 8)});
}

bool ip_set::insert_v4(std::uint32_t key) {
  if (key == 0) return !std::exchange(zero_v4_, true);
  if (needs_growth(v4_size_, v4_.size())) grow_v4();
  const std::size_t mask = v4_.size() - 1;
  for (std::size_t slot = mix(key) & mask;; slot = (slot + 1) & mask) {
    if (v4_[slot] == key) return false;
    if (v4_[slot] == 0) {
      v4_[slot] = key;
      ++v4_size_;
      return true;
    }
  }
}

bool ip_set::insert_v6(v6_key key) {
  if (key.hi == 0 && key.lo == 0) return !std::exchange(zero_v6_, true);
  if (needs_growth(v6_size_, v6_.size())) grow_v6();
  const std::size_t mask = v6_.size() - 1;
  for (std::size_t slot = mix(key.hi ^ mix(key.lo)) & mask;; slot = (slot + 1) & mask) {
    v6_key& here = v6_[slot];
    if (here.hi == key.hi && here.lo == key.lo) return false;
    if (here.hi == 0 && here.lo == 0) {
      here = key;
      ++v6_size_;
      return true;
    }
  }
}

void ip_set::grow_v4() {
  std::vector<std::uint32_t> old = std::move(v4_);
  v4_.assign(old.empty() ? initial_slots : old.size() * 2, 0);
  v4_size_ = 0;
  for (const std::uint32_t key : old) {
    if (key != 0) insert_v4(key);
  }
}

void ip_set::grow_v6() {
  std::vector<v6_key> old = std::move(v6_);
  v6_.assign(old.empty() ? initial_slots : old.size() * 2, v6_key{});
  v6_size_ = 0;
  for (const v6_key& key : old) {
    if (key.hi != 0 || key.lo != 0) insert_v6(key);
  }
}

std::size_t ip_set::memory_bytes() const noexcept {
  return v4_.capacity() * sizeof(std::uint32_t) + v6_.capacity() * sizeof(v6_key);
}

}  // namespace iotprobe::parsers
