// Per-(source, day) counters for the Mirai extractor, in a compact open-addressing table
// keyed by IPv4 source and day: memory grows with distinct sources, never with packets.
// It must never allocate per packet (only on table growth or a source's 5th port).
// Days must lie in (INT32_MIN, INT32_MAX]; day_of() clamps any packet timestamp into it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace iotprobe::parsers {

// How many distinct destination addresses of a source's Mirai SYNs are remembered (per
// source and day): enough to tell a one-shot spoofed source (one SYN, one address) from a
// bot scanning at random, without growing the table (a slot stays one cache line).
inline constexpr std::uint32_t mirai_destination_cap = 4;

// One finished (source, day). Ports are the distinct destination ports of its TCP SYNs
// and UDP packets, sorted, at most `port_cap` of them (see source_table); `mirai_dsts`
// holds the first distinct destination addresses of its Mirai SYNs (saturating).
struct source_day {
  std::uint32_t ip = 0;
  std::int32_t day = 0;  // days since 1970-01-01 in the extractor's time zone
  std::uint32_t mirai_syns = 0;
  std::uint32_t other_syns = 0;
  std::uint32_t udp = 0;
  std::uint32_t first_seen = 0;  // Unix seconds
  std::uint32_t last_seen = 0;
  std::uint32_t ports_offset = 0;  // into source_days::ports
  std::uint32_t ports_count = 0;
  std::array<std::uint32_t, mirai_destination_cap> mirai_dsts{};
  std::uint32_t mirai_dsts_count = 0;
};

struct source_days {
  std::vector<source_day> rows;  // sorted by ip, then day
  std::vector<std::uint16_t> ports;
};

// Asks the kernel for transparent huge pages on the whole 2 MiB pages inside a large,
// not yet touched buffer: a million rows then cost a few hundred page faults, not tens
// of thousands. Only a hint; does nothing for small buffers or where THP is off.
void advise_huge_pages(const void* data, std::size_t bytes) noexcept;

class source_table {
 public:
  // `port_cap` (>= 1): a source's distinct ports are remembered up to this many; past it
  // the set is saturated and only "at least port_cap" is known.
  explicit source_table(std::uint32_t port_cap);

  enum class hit : std::uint8_t { mirai_syn, other_syn, udp };
  // `dst_addr` is remembered for Mirai SYNs only (their distinct destinations).
  void add(std::uint32_t ip, std::int32_t day, std::uint32_t unix_seconds, hit what,
           std::uint16_t dst_port, std::uint32_t dst_addr);

  // A hint that (ip, day) is coming soon: starts loading its home slot into the cache.
  void prefetch(std::uint32_t ip, std::int32_t day) const noexcept;

  std::size_t size() const noexcept { return size_; }
  // The table's content, sorted; the table is emptied (its memory returned) so that the
  // rows built next do not pile on top of it.
  source_days finish();

 private:
  static constexpr std::uint32_t inline_ports = 4;

  // All-zero is an empty slot, so fresh anonymous pages need no initialisation.
  struct slot {
    std::uint32_t ip;
    std::uint32_t day_key;  // 0: empty; else the day + 2^31 (see key_of)
    std::uint32_t counts[3];  // indexed by `hit`
    std::uint32_t first_seen;
    std::uint32_t last_seen;
    std::uint16_t ports[inline_ports];
    std::uint32_t ports_count;
    std::uint32_t chunk;  // 0: ports inline; else 1 + the chunk in chunks_ (sorted ports)
    std::uint32_t dsts[mirai_destination_cap];  // distinct Mirai SYN destinations, saturating
    std::uint32_t dsts_count;
  };
  // Zero-filled slot memory from mmap, on transparent huge pages where the kernel allows:
  // a million-source table is ~100 MB of random access, and 4 KiB pages would make
  // most lookups a TLB miss on top of the cache miss.
  struct slot_pages {
    void operator()(slot* p) const noexcept;
    std::size_t bytes = 0;
  };
  using slot_array = std::unique_ptr<slot, slot_pages>;
  static slot_array allocate(std::size_t count);

  slot& find_or_insert(std::uint32_t ip, std::uint32_t day_key);
  void grow();
  void add_port(slot& s, std::uint16_t port);
  void spill(slot& s, std::uint16_t port);
  const std::uint16_t* ports_of(const slot& s) const noexcept;

  std::uint32_t port_cap_;
  slot_array slots_;
  std::size_t capacity_ = 0;  // a power of two
  std::size_t size_ = 0;
  std::vector<std::uint16_t> chunks_;  // port_cap_ entries per spilled source
};

}  // namespace iotprobe::parsers
