// Fuzz target for parsers::decode_packet: the bytes are decoded as a frame of every link
// type (plus unknown ones). The kind is a valid enum, unsupported links say so, only TCP/UDP
// carry ports, only TCP carries flags, and the Mirai predicate implies a TCP SYN.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/darknet/packet_decode.hpp"

#include <array>
#include <span>

namespace {

using namespace iotprobe::parsers;

constexpr std::array link_types{link_null,       link_ethernet,  link_raw,       link_raw_openbsd,
                                link_raw_linktype, link_loop,    link_linux_sll, link_ipv4,
                                link_ipv6,       link_linux_sll2, 2,             -1,
                                147};

void check_decode(int link_type, std::span<const std::uint8_t> frame) {
  const decoded_packet p = decode_packet(link_type, frame);
  FUZZ_CHECK(static_cast<int>(p.kind) <= static_cast<int>(packet_kind::unsupported));
  if (!link_type_supported(link_type)) FUZZ_CHECK(p.kind == packet_kind::unsupported);
  const bool transport = p.kind == packet_kind::ipv4_tcp || p.kind == packet_kind::ipv4_udp;
  if (!transport) FUZZ_CHECK(p.src_port == 0 && p.dst_port == 0);
  if (p.kind != packet_kind::ipv4_tcp) FUZZ_CHECK(p.tcp_flags == 0 && p.seq == 0);
  if (is_mirai_syn(p)) FUZZ_CHECK(is_tcp_syn(p) && p.seq == p.dst && p.src_port > 1024);
  // An IPv4 header is at least 20 bytes; the decoder needs UDP's ports (4 bytes) and TCP up
  // to its flags (14), whatever the link (packet_decode.cpp: a snaplen cut after them counts).
  if (transport) FUZZ_CHECK(frame.size() >= 24);
  if (p.kind == packet_kind::ipv4_tcp) FUZZ_CHECK(frame.size() >= 34);
  const decoded_packet again = decode_packet(link_type, frame);
  FUZZ_CHECK(again.kind == p.kind && again.src == p.src && again.dst == p.dst &&
             again.seq == p.seq && again.src_port == p.src_port);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("packet_decode", [&] {
    const std::span<const std::uint8_t> frame(data, size);
    for (const int link_type : link_types) check_decode(link_type, frame);
  });
}
