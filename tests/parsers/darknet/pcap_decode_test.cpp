// packet_decode: every supported link type, VLAN stacks, fragments, truncation and the
// Mirai predicates, on frames built byte by byte (no capture file involved).
#include "parsers/darknet/packet_decode.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;
using parsers::packet_kind;

namespace {

parsers::decoded_packet decode(int link, const t::frame& f) { return parsers::decode_packet(link, f); }

const t::frame mirai_ip = t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, 7), t::ip(203, 0, 113, 9), 2323));

void check_mirai_fields(const parsers::decoded_packet& p) {
  CHECK(p.kind == packet_kind::ipv4_tcp);
  CHECK(p.src == t::ip(198, 51, 100, 7));
  CHECK(p.dst == t::ip(203, 0, 113, 9));
  CHECK(p.seq == t::ip(203, 0, 113, 9));
  CHECK(p.src_port == 40000);
  CHECK(p.dst_port == 2323);
  CHECK(p.tcp_flags == parsers::tcp_syn);
  CHECK(parsers::is_mirai_syn(p));
}

}  // namespace

TEST_CASE("decode: a Mirai SYN under every supported link type", "[pcap][decode]") {
  check_mirai_fields(decode(parsers::link_ethernet, t::ethernet(mirai_ip)));
  check_mirai_fields(decode(parsers::link_ethernet, t::ethernet(mirai_ip, {0x8100})));
  check_mirai_fields(decode(parsers::link_ethernet, t::ethernet(mirai_ip, {0x88a8, 0x8100})));
  check_mirai_fields(decode(parsers::link_ethernet, t::ethernet(mirai_ip, {0x9100, 0x9100, 0x8100})));
  check_mirai_fields(decode(parsers::link_linux_sll, t::linux_sll(mirai_ip)));
  check_mirai_fields(decode(parsers::link_linux_sll2, t::linux_sll2(mirai_ip)));
  check_mirai_fields(decode(parsers::link_raw, mirai_ip));
  check_mirai_fields(decode(parsers::link_raw_linktype, mirai_ip));
  check_mirai_fields(decode(parsers::link_ipv4, mirai_ip));
  check_mirai_fields(decode(parsers::link_null, t::bsd_null(mirai_ip)));
}

TEST_CASE("decode: Ethernet padding after a short IP packet is ignored", "[pcap][decode]") {
  t::frame f = t::ethernet(mirai_ip);
  f.resize(60, 0xee);  // minimum Ethernet frame, padded
  check_mirai_fields(decode(parsers::link_ethernet, f));
}

TEST_CASE("decode: IPv6 is counted as IPv6 and never Mirai", "[pcap][decode]") {
  const t::frame v6 = t::ipv6_tcp_syn();
  for (const auto& [link, f] : {std::pair{parsers::link_ethernet, t::ethernet(v6)},
                                std::pair{parsers::link_ethernet, t::ethernet(v6, {0x8100})},
                                std::pair{parsers::link_linux_sll, t::linux_sll(v6)},
                                std::pair{parsers::link_linux_sll2, t::linux_sll2(v6)},
                                std::pair{parsers::link_raw, v6},
                                std::pair{parsers::link_ipv6, v6}}) {
    const auto p = decode(link, f);
    CHECK(p.kind == packet_kind::ipv6);
    CHECK_FALSE(parsers::is_tcp_syn(p));
    CHECK_FALSE(parsers::is_mirai_syn(p));
  }
}

TEST_CASE("decode: fragments are skipped, first or not", "[pcap][decode]") {
  t::tcp_spec first = t::mirai_syn(t::ip(192, 0, 2, 5), t::ip(203, 0, 113, 1));
  first.frag = 0x2000;  // more fragments, offset 0
  t::tcp_spec later = first;
  later.frag = 0x0005;  // offset 40 bytes, last fragment
  CHECK(decode(parsers::link_raw, t::ipv4_tcp(first)).kind == packet_kind::fragment);
  CHECK(decode(parsers::link_raw, t::ipv4_tcp(later)).kind == packet_kind::fragment);
  t::tcp_spec df = first;
  df.frag = 0x4000;  // don't-fragment alone is not a fragment
  CHECK(decode(parsers::link_raw, t::ipv4_tcp(df)).kind == packet_kind::ipv4_tcp);
}

TEST_CASE("decode: truncated and malformed headers", "[pcap][decode]") {
  const t::frame eth = t::ethernet(mirai_ip);
  // Decided by what is present: the TCP flags byte (14 bytes into TCP) is the last
  // field needed, so a snaplen that keeps it still yields the SYN; one byte less does not.
  for (std::size_t cut : {0u, 5u, 13u, 14u, 33u, 34u + 13u}) {
    const t::frame shorter(eth.begin(), eth.begin() + static_cast<std::ptrdiff_t>(cut));
    INFO("cut at " << cut);
    CHECK(decode(parsers::link_ethernet, shorter).kind == packet_kind::truncated);
  }
  CHECK(decode(parsers::link_ethernet, t::frame(eth.begin(), eth.begin() + 54)).kind ==
        packet_kind::ipv4_tcp);
  // tcpdump -i any -s 54 keeps exactly 14 TCP bytes behind SLL2's 20-byte header.
  const t::frame sll2 = t::linux_sll2(mirai_ip);
  const auto cut_sll2 = decode(parsers::link_linux_sll2, t::frame(sll2.begin(), sll2.begin() + 54));
  check_mirai_fields(cut_sll2);
  CHECK(decode(parsers::link_linux_sll2, t::frame(sll2.begin(), sll2.begin() + 53)).kind ==
        packet_kind::truncated);
  const t::frame udp = t::ipv4_udp(t::ip(192, 0, 2, 8), t::ip(203, 0, 113, 2), 5000, 53);
  CHECK(decode(parsers::link_raw, t::frame(udp.begin(), udp.begin() + 23)).kind == packet_kind::truncated);
  const auto cut_udp = decode(parsers::link_raw, t::frame(udp.begin(), udp.begin() + 24));
  CHECK(cut_udp.kind == packet_kind::ipv4_udp);
  CHECK(cut_udp.dst_port == 53);
  CHECK(decode(parsers::link_linux_sll2, t::frame(19, 0)).kind == packet_kind::truncated);
  t::frame bad_ihl = mirai_ip;
  bad_ihl[0] = 0x44;
  CHECK(decode(parsers::link_raw, bad_ihl).kind == packet_kind::malformed);
  t::frame bad_version = mirai_ip;
  bad_version[0] = 0x55;
  CHECK(decode(parsers::link_raw, bad_version).kind == packet_kind::malformed);
  CHECK(decode(parsers::link_ethernet, t::ethernet(mirai_ip, {0x8100, 0x8100, 0x8100, 0x8100, 0x8100,
                                                               0x8100, 0x8100, 0x8100, 0x8100}))
            .kind == packet_kind::not_ip);
}

TEST_CASE("decode: non-IP, other IPv4 protocols and unknown link types", "[pcap][decode]") {
  CHECK(decode(parsers::link_ethernet, t::ethernet(mirai_ip, {}, 0x0806)).kind == packet_kind::not_ip);
  CHECK(decode(parsers::link_raw, t::ipv4_icmp(t::ip(192, 0, 2, 7), t::ip(203, 0, 113, 3))).kind ==
        packet_kind::ipv4_other);
  CHECK(decode(105, t::ethernet(mirai_ip)).kind == packet_kind::unsupported);
  CHECK_FALSE(parsers::link_type_supported(105));
  CHECK(parsers::link_type_supported(parsers::link_linux_sll2));
}

TEST_CASE("decode: the Mirai predicate follows the seed report's definition", "[pcap][decode][mirai]") {
  t::tcp_spec s = t::mirai_syn(t::ip(198, 51, 100, 7), t::ip(203, 0, 113, 9));
  const auto is_mirai = [](const t::tcp_spec& spec) {
    return parsers::is_mirai_syn(parsers::decode_packet(parsers::link_raw, t::ipv4_tcp(spec)));
  };
  CHECK(is_mirai(s));
  s.sport = 1025;
  CHECK(is_mirai(s));
  s.sport = 1024;
  CHECK_FALSE(is_mirai(s));
  s.sport = 40000;
  s.flags = 0x12;  // SYN-ACK backscatter
  CHECK_FALSE(is_mirai(s));
  CHECK_FALSE(parsers::is_tcp_syn(parsers::decode_packet(parsers::link_raw, t::ipv4_tcp(s))));
  s.flags = 0x02;
  s.seq = s.dst + 1;
  CHECK_FALSE(is_mirai(s));
  CHECK(parsers::is_tcp_syn(parsers::decode_packet(parsers::link_raw, t::ipv4_tcp(s))));
  s.seq = s.dst;
  s.flags = 0x02 | 0x08;  // SYN+PSH (no ACK) still counts as a SYN
  CHECK(is_mirai(s));
}

TEST_CASE("decode: a VLAN tag libpcap reinserts into a Linux cooked (SLL) frame", "[pcap][decode]") {
  // tcpdump -i any -y LINUX_SLL on a VLAN-accelerated interface: the protocol field
  // becomes 0x8100 and the tag (TCI, then the real ethertype) starts the payload.
  t::frame sll = t::linux_sll(mirai_ip);
  REQUIRE(sll[14] == 0x08);
  REQUIRE(sll[15] == 0x00);
  sll[14] = 0x81;
  const std::uint8_t tag[] = {0x00, 0x65, 0x08, 0x00};
  sll.insert(sll.begin() + 16, std::begin(tag), std::end(tag));
  check_mirai_fields(decode(parsers::link_linux_sll, sll));
  const t::frame cut(sll.begin(), sll.begin() + 16 + 3);
  CHECK(decode(parsers::link_linux_sll, cut).kind == packet_kind::truncated);
}
