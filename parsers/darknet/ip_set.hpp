// A compact set of IP addresses for de-duplicating target lists of tens of millions of
// rows: open addressing, 4-byte slots for IPv4 and 16-byte slots for IPv6, no per-entry
// allocation. It never stores text; callers canonicalise addresses first (target_rows.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace iotprobe::parsers {

// 16 network-order bytes; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d).
using ip_bytes = std::array<std::uint8_t, 16>;

class ip_set {
 public:
  // True when `address` was not yet in the set (and is now).
  bool insert(const ip_bytes& address);
  std::size_t size() const noexcept { return v4_size_ + v6_size_ + (zero_v4_ ? 1 : 0) + (zero_v6_ ? 1 : 0); }
  // Bytes held by the tables (for the streaming benchmark and tests).
  std::size_t memory_bytes() const noexcept;

 private:
  struct v6_key {
    std::uint64_t hi = 0, lo = 0;
  };
  bool insert_v4(std::uint32_t key);
  bool insert_v6(v6_key key);
  void grow_v4();
  void grow_v6();

  // Slot value 0 (0.0.0.0, and :: for IPv6) marks an empty slot, so those two addresses
  // are tracked by the flags instead.
  std::vector<std::uint32_t> v4_;
  std::vector<v6_key> v6_;
  std::size_t v4_size_ = 0, v6_size_ = 0;
  bool zero_v4_ = false, zero_v6_ = false;
};

}  // namespace iotprobe::parsers
