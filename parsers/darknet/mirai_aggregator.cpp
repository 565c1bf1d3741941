// Classifies each decoded frame by the seed report's definitions (Mirai SYN, other SYN,
// UDP, everything else) and feeds the per-source table. Never throws on any frame.
#include "parsers/darknet/mirai_aggregator.hpp"

#include "parsers/darknet/packet_decode.hpp"

#include <algorithm>
#include <cstdint>

namespace iotprobe::parsers {
namespace {

constexpr std::int64_t seconds_per_day = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::uint32_t clamp_seconds(std::int64_t s) noexcept {
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(s, 0, UINT32_MAX));
}

}  // namespace

// A hostile pcapng can carry any 64-bit time: the sum saturates instead of overflowing, and
// the day is clamped into the range the source table can key (see mirai_sources.hpp).
std::int32_t day_of(std::int64_t unix_seconds, std::int32_t tz_offset_seconds) noexcept {
  std::int64_t local = 0;
  if (__builtin_add_overflow(unix_seconds, std::int64_t{tz_offset_seconds}, &local))
    local = unix_seconds < 0 ? INT64_MIN : INT64_MAX;
  const std::int64_t day = floor_div(local, seconds_per_day);
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(day, INT32_MIN + 1LL, INT32_MAX));
}

std::int32_t packet_aggregator::current_day(std::int64_t unix_seconds) noexcept {
  if (unix_seconds < day_start_ || unix_seconds >= day_end_) {
    day_ = day_of(unix_seconds, tz_offset_);
    day_start_ = std::int64_t{day_} * seconds_per_day - tz_offset_;
    day_end_ = day_start_ + seconds_per_day;
  }
  return day_;
}

void packet_aggregator::enqueue(const pending& p) {
  table_.prefetch(p.ip, p.day);
  pending& slot = queue_[queue_next_];
  if (queued_ == queue_length) {
    table_.add(slot.ip, slot.day, slot.seconds, slot.what, slot.port, slot.dst);
  } else {
    ++queued_;
  }
  slot = p;
  queue_next_ = (queue_next_ + 1) % queue_length;
}

void packet_aggregator::flush() {
  for (std::size_t i = queue_length - queued_; i < queue_length; ++i) {
    const pending& p = queue_[(queue_next_ + i) % queue_length];
    table_.add(p.ip, p.day, p.seconds, p.what, p.port, p.dst);
  }
  queued_ = 0;
}

void packet_aggregator::add_frame(int link_type, std::int64_t unix_seconds,
                                  std::span<const std::uint8_t> frame) {
  ++stats_.packets;
  const decoded_packet p = decode_packet(link_type, frame);
  switch (p.kind) {
    case packet_kind::ipv4_tcp: break;
    case packet_kind::ipv4_udp:
      ++stats_.udp;
      enqueue({p.src, current_day(unix_seconds), clamp_seconds(unix_seconds),
               source_table::hit::udp, p.dst_port, p.dst});
      return;
    case packet_kind::ipv4_other: ++stats_.ipv4_other; return;
    case packet_kind::ipv6: ++stats_.ipv6; return;
    case packet_kind::fragment: ++stats_.fragments; return;
    case packet_kind::truncated: ++stats_.truncated; return;
    case packet_kind::malformed: ++stats_.malformed; return;
    case packet_kind::not_ip: ++stats_.not_ip; return;
    case packet_kind::unsupported: ++stats_.unsupported_link; return;
  }
  if (!is_tcp_syn(p)) {
    ++stats_.tcp_other;
    return;
  }
  ++stats_.tcp_syn;
  const bool mirai = is_mirai_syn(p);
  stats_.mirai_syn += mirai ? 1 : 0;
  enqueue({p.src, current_day(unix_seconds), clamp_seconds(unix_seconds),
           mirai ? source_table::hit::mirai_syn : source_table::hit::other_syn, p.dst_port, p.dst});
}

}  // namespace iotprobe::parsers
