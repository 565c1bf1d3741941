// Frame decoding for the Mirai extractor: link layer, optional VLAN tags, IPv4 and the
// first bytes of TCP/UDP. Every read is bounds-checked against the captured length;
// nothing here allocates, throws or trusts a length field beyond the capture.
#include "parsers/darknet/packet_decode.hpp"

namespace iotprobe::parsers {
namespace {

using bytes = std::span<const std::uint8_t>;

constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint16_t ethertype_ipv6 = 0x86dd;
constexpr int max_vlan_tags = 8;

std::uint16_t be16(const std::uint8_t* p) noexcept {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t be32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
bool is_vlan_type(std::uint16_t type) noexcept {
  return type == 0x8100 || type == 0x88a8 || type == 0x9100;
}
decoded_packet of_kind(packet_kind kind) noexcept {
  decoded_packet p;
  p.kind = kind;
  return p;
}

// Decided by what was captured, not by the full header size: a snaplen that cuts TCP
// after its flags byte (14 bytes: ports, seq, flags) or UDP after its ports (4) still
// holds every field the definitions use, so the frame counts; one byte less is
// truncated. (tshark shows TCP fields only from 16 bytes on, UDP's from 8.)
constexpr std::size_t tcp_bytes_needed = 14;
constexpr std::size_t udp_bytes_needed = 4;

decoded_packet decode_transport(decoded_packet p, std::uint8_t proto, bytes l4) noexcept {
  if (proto == 6) {
    if (l4.size() < tcp_bytes_needed) return of_kind(packet_kind::truncated);
    p.kind = packet_kind::ipv4_tcp;
    p.src_port = be16(l4.data());
    p.dst_port = be16(l4.data() + 2);
    p.seq = be32(l4.data() + 4);
    p.tcp_flags = l4[13];
    return p;
  }
  if (proto == 17) {
    if (l4.size() < udp_bytes_needed) return of_kind(packet_kind::truncated);
    p.kind = packet_kind::ipv4_udp;
    p.src_port = be16(l4.data());
    p.dst_port = be16(l4.data() + 2);
    return p;
  }
  p.kind = packet_kind::ipv4_other;
  return p;
}

decoded_packet decode_ipv4(bytes ip) noexcept {
  if (ip.size() < 20) return of_kind(packet_kind::truncated);
  if ((ip[0] >> 4) != 4) return of_kind(packet_kind::malformed);
  const std::size_t ihl = std::size_t{ip[0] & 0x0fu} * 4;
  if (ihl < 20) return of_kind(packet_kind::malformed);
  // Ethernet pads short frames: the IP total length, when sane, bounds the packet.
  const std::size_t total = be16(ip.data() + 2);
  if (total != 0 && total < ihl) return of_kind(packet_kind::malformed);
  if (total != 0 && total < ip.size()) ip = ip.first(total);
  if (ip.size() < ihl) return of_kind(packet_kind::truncated);
  decoded_packet p;
  p.src = be32(ip.data() + 12);
  p.dst = be32(ip.data() + 16);
  // More-fragments or a non-zero offset: part of a fragmented datagram.
  if ((be16(ip.data() + 6) & 0x3fff) != 0) {
    p.kind = packet_kind::fragment;
    return p;
  }
  return decode_transport(p, ip[9], ip.subspan(ihl));
}

decoded_packet decode_ip_by_version(bytes ip) noexcept {
  if (ip.empty()) return of_kind(packet_kind::truncated);
  switch (ip[0] >> 4) {
    case 4: return decode_ipv4(ip);
    case 6: return of_kind(ip.size() < 40 ? packet_kind::truncated : packet_kind::ipv6);
    default: return of_kind(packet_kind::malformed);
  }
}

// The ethertype sits at `type_at` and its payload starts at `payload_at` (they are
// apart in SLL2). Each VLAN tag is a TCI then the next ethertype, inside the payload.
decoded_packet decode_ethertype(bytes frame, std::size_t type_at, std::size_t payload_at) noexcept {
  if (frame.size() < type_at + 2 || frame.size() < payload_at) {
    return of_kind(packet_kind::truncated);
  }
  std::uint16_t type = be16(frame.data() + type_at);
  for (int tags = 0;; ++tags) {
    if (type == ethertype_ipv4) return decode_ipv4(frame.subspan(payload_at));
    if (type == ethertype_ipv6) return decode_ip_by_version(frame.subspan(payload_at));
    if (!is_vlan_type(type) || tags == max_vlan_tags) return of_kind(packet_kind::not_ip);
    if (frame.size() < payload_at + 4) return of_kind(packet_kind::truncated);
    type = be16(frame.data() + payload_at + 2);
    payload_at += 4;
  }
}

decoded_packet decode_loopback(bytes frame, bool network_order) noexcept {
  if (frame.size() < 4) return of_kind(packet_kind::truncated);
  std::uint32_t family = be32(frame.data());
  if (!network_order) {  // written in the capturing host's order: accept either
    family = family > 0xffff ? __builtin_bswap32(family) : family;
  }
  if (family == 2) return decode_ipv4(frame.subspan(4));
  if (family == 24 || family == 28 || family == 30) return decode_ip_by_version(frame.subspan(4));
  return of_kind(packet_kind::not_ip);
}

}  // namespace

bool link_type_supported(int link_type) noexcept {
  switch (link_type) {
    case link_null: case link_ethernet: case link_raw: case link_raw_openbsd:
    case link_raw_linktype: case link_loop: case link_linux_sll: case link_ipv4:
    case link_ipv6: case link_linux_sll2:
      return true;
    default:
      return false;
  }
}

decoded_packet decode_packet(int link_type, std::span<const std::uint8_t> frame) noexcept {
  switch (link_type) {
    case link_ethernet: return decode_ethertype(frame, 12, 14);
    case link_linux_sll: return decode_ethertype(frame, 14, 16);
    case link_linux_sll2: return decode_ethertype(frame, 0, 20);
    case link_raw: case link_raw_openbsd: case link_raw_linktype:
      return decode_ip_by_version(frame);
    case link_ipv4: return decode_ipv4(frame);
    case link_ipv6: return of_kind(frame.size() < 40 ? packet_kind::truncated : packet_kind::ipv6);
    case link_null: return decode_loopback(frame, false);
    case link_loop: return decode_loopback(frame, true);
    default: return of_kind(packet_kind::unsupported);
  }
}

}  // namespace iotprobe::parsers
