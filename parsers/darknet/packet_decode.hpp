// Decodes one captured frame into the few fields the Mirai extractor needs: a pure
// function from bytes to a value. It must never read past the captured bytes, never
// allocate and never throw; hostile or short frames become a `packet_kind`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace iotprobe::parsers {

// What a frame turned out to be. Only ipv4_tcp and ipv4_udp carry ports and flags.
enum class packet_kind : std::uint8_t {
  ipv4_tcp,
  ipv4_udp,
  ipv4_other,   // ICMP, GRE, ...: counted, never a source of interest
  ipv6,         // counted, never Mirai (the signature is an IPv4 address)
  fragment,     // any IPv4 fragment, first or not: its TCP header is not trusted
  truncated,    // the capture ends before the header we need
  malformed,    // a header that contradicts itself (bad version, IHL < 5)
  not_ip,       // ARP, LLDP, ...
  unsupported,  // a link type this decoder does not know
};

inline constexpr std::uint8_t tcp_fin = 0x01;
inline constexpr std::uint8_t tcp_syn = 0x02;
inline constexpr std::uint8_t tcp_rst = 0x04;
inline constexpr std::uint8_t tcp_ack = 0x10;

// Addresses and numbers in host byte order, so `seq == dst` is the Mirai test.
struct decoded_packet {
  packet_kind kind = packet_kind::unsupported;
  std::uint8_t tcp_flags = 0;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint32_t seq = 0;
};

// Link types by their pcap DLT value (what pcap_datalink() returns).
inline constexpr int link_null = 0;         // BSD loopback, host-order family word
inline constexpr int link_ethernet = 1;
inline constexpr int link_raw = 12;         // DLT_RAW on Linux (LINKTYPE_RAW 101 maps here)
inline constexpr int link_raw_openbsd = 14;
inline constexpr int link_raw_linktype = 101;
inline constexpr int link_loop = 108;       // OpenBSD loopback, network-order family word
inline constexpr int link_linux_sll = 113;
inline constexpr int link_ipv4 = 228;
inline constexpr int link_ipv6 = 229;
inline constexpr int link_linux_sll2 = 276;

bool link_type_supported(int link_type) noexcept;

// Ethernet may carry any stack of 802.1Q / 802.1ad / QinQ (0x9100) tags, up to 8.
decoded_packet decode_packet(int link_type, std::span<const std::uint8_t> frame) noexcept;

// The seed report's definitions, as predicates on a decoded packet.
constexpr bool is_tcp_syn(const decoded_packet& p) noexcept {
  return p.kind == packet_kind::ipv4_tcp && (p.tcp_flags & tcp_syn) != 0 &&
         (p.tcp_flags & tcp_ack) == 0;
}
// SYN without ACK, sequence number == destination IPv4, source port > 1024.
constexpr bool is_mirai_syn(const decoded_packet& p) noexcept {
  return is_tcp_syn(p) && p.seq == p.dst && p.src_port > 1024;
}

}  // namespace iotprobe::parsers
