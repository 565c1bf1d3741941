// Streams decoded frames into per-(source, day) counters and whole-capture totals.
// This is the per-packet hot path: no allocation (beyond table growth), no exceptions,
// no I/O. Day bucketing uses the packet timestamp shifted by a fixed UTC offset.
#pragma once

#include "parsers/darknet/mirai_sources.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace iotprobe::parsers {

// Whole-capture totals; every frame lands in exactly one of the kind counters.
struct capture_stats {
  std::uint64_t packets = 0;
  std::uint64_t tcp_syn = 0;       // SYN without ACK (Mirai or not)
  std::uint64_t mirai_syn = 0;
  std::uint64_t tcp_other = 0;     // SYN-ACK backscatter, RST, ACK...: never a SYN
  std::uint64_t udp = 0;
  std::uint64_t ipv4_other = 0;
  std::uint64_t ipv6 = 0;
  std::uint64_t fragments = 0;
  std::uint64_t truncated = 0;
  std::uint64_t malformed = 0;
  std::uint64_t not_ip = 0;
  std::uint64_t unsupported_link = 0;
};

// Days since 1970-01-01 of `unix_seconds + tz_offset_seconds` (floor, so it holds before
// 1970 and for negative offsets too), clamped into (INT32_MIN, INT32_MAX] for times no
// real capture holds.
std::int32_t day_of(std::int64_t unix_seconds, std::int32_t tz_offset_seconds) noexcept;

class packet_aggregator {
 public:
  packet_aggregator(std::int32_t tz_offset_seconds, std::uint32_t port_cap)
      : tz_offset_(tz_offset_seconds), table_(port_cap) {}

  void add_frame(int link_type, std::int64_t unix_seconds, std::span<const std::uint8_t> frame);

  // Applies the few packets still queued for the table: sources() is exact only after
  // it. finish() flushes, hands over every (source, day) and empties the table.
  void flush();
  const capture_stats& stats() const noexcept { return stats_; }
  std::size_t sources() const noexcept { return table_.size(); }
  source_days finish() {
    flush();
    return table_.finish();
  }

 private:
  // Table updates wait in a short queue behind a prefetch of their slot, so the cache
  // misses of a million-source table overlap instead of stalling one packet at a time.
  // Every update commutes (sums, min/max, set insert), so the delay changes no result.
  struct pending {
    std::uint32_t ip;
    std::int32_t day;
    std::uint32_t seconds;
    source_table::hit what;
    std::uint16_t port;
    std::uint32_t dst;
  };
  static constexpr std::size_t queue_length = 16;

  std::int32_t current_day(std::int64_t unix_seconds) noexcept;
  void enqueue(const pending& p);

  std::int32_t tz_offset_;
  source_table table_;
  capture_stats stats_;
  // The day of the last packet and its bounds: most packets fall in the same day.
  std::int64_t day_start_ = 1;
  std::int64_t day_end_ = 0;
  std::int32_t day_ = 0;
  std::array<pending, queue_length> queue_{};
  std::size_t queue_next_ = 0;  // where the next update goes (and the oldest one is)
  std::size_t queued_ = 0;
};

}  // namespace iotprobe::parsers
