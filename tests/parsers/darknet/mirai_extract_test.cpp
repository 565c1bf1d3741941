// extract_sources end to end on captures written here with libpcap's writer: Mirai
// SYNs from many sources, non-Mirai SYNs, backscatter, low source ports, IPv6,
// fragments, truncated frames, every link type, and day splits in two time zones.
#include "parsers/darknet/mirai_extract.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <pcap/pcap.h>

#include <functional>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;

namespace {

const std::string header = "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag\n";

std::string csv_of(const std::vector<parsers::source_row>& rows, std::int32_t tz = 0) {
  parsers::csv_options o;
  o.tz_offset_seconds = tz;
  return parsers::format_source_csv(rows, o);
}

using wrap_fn = std::function<t::frame(const t::frame&)>;

// The mixed capture's ground truth is written next to the packets that make it.
std::string write_mixed(const std::filesystem::path& file, int link, const wrap_fn& wrap,
                        std::uint64_t& mirai_packets) {
  t::capture_writer w(file, link);
  std::string expected_tail;
  mirai_packets = 0;
  for (unsigned i = 1; i <= 50; ++i) {  // 50 Mirai sources, 1-3 SYNs each, 1-2 ports
    const unsigned n = i % 3 + 1;
    for (unsigned k = 0; k < n; ++k) {
      w.add(t::day0 + 36000 + i, wrap(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, i), t::ip(203, 0, 113, i),
                                                               k == 1 ? 2323 : 23))));
    }
    mirai_packets += n;
    expected_tail += fmt::format("2021-05-27,198.51.100.{},{},1,0,0,{},2021-05-27T10:00:{:02}Z,"
                                 "2021-05-27T10:00:{:02}Z,mirai\n", i, n, n >= 2 ? 2 : 1, i, i);
  }
  for (std::uint16_t port : {23, 80, 8080}) {  // 192.0.2.1: SYNs without the signature
    t::tcp_spec s{t::ip(192, 0, 2, 1), t::ip(203, 0, 113, 200), 40001, port, 12345, 0x02, 0};
    w.add(t::day0 + 3600, wrap(t::ipv4_tcp(s)));
  }
  for (std::uint8_t flags : {0x12, 0x12, 0x04}) {  // 192.0.2.2: SYN-ACK backscatter and a RST
    t::tcp_spec s = t::mirai_syn(t::ip(192, 0, 2, 2), t::ip(203, 0, 113, 5));
    s.flags = flags;
    w.add(t::day0 + 3600, wrap(t::ipv4_tcp(s)));
  }
  t::tcp_spec low = t::mirai_syn(t::ip(192, 0, 2, 3), t::ip(203, 0, 113, 6));
  low.sport = 1024;  // signature but a low source port: not Mirai
  w.add(t::day0 + 7200, wrap(t::ipv4_tcp(low)));
  low.sport = 1025;
  w.add(t::day0 + 7260, wrap(t::ipv4_tcp(low)));
  const std::uint32_t mixed = t::ip(192, 0, 2, 4);
  w.add(t::day0 + 80000, wrap(t::ipv4_tcp(t::mirai_syn(mixed, t::ip(203, 0, 113, 7)))));
  w.add(t::day0 + 80000, wrap(t::ipv4_tcp(t::mirai_syn(mixed, t::ip(203, 0, 113, 8)))));
  w.add(t::day0 + 80000, wrap(t::ipv4_tcp({mixed, t::ip(203, 0, 113, 8), 5555, 80, 1, 0x02, 0})));
  w.add(t::day0 + 80001, wrap(t::ipv4_udp(mixed, t::ip(203, 0, 113, 9), 5000, 53)));
  w.add(t::day0 + 80001, wrap(t::ipv4_udp(mixed, t::ip(203, 0, 113, 9), 5000, 123)));
  for (std::uint16_t frag : {0x2000, 0x0005}) {  // 192.0.2.5: fragments of a Mirai SYN
    t::tcp_spec s = t::mirai_syn(t::ip(192, 0, 2, 5), t::ip(203, 0, 113, 10));
    s.frag = frag;
    w.add(t::day0 + 100, wrap(t::ipv4_tcp(s)));
  }
  const t::frame cut = t::ipv4_tcp(t::mirai_syn(t::ip(192, 0, 2, 6), t::ip(203, 0, 113, 11)));
  w.add(t::day0 + 100, wrap(t::frame(cut.begin(), cut.begin() + 30)));  // TCP header cut short
  w.add(t::day0 + 100, wrap(t::ipv6_tcp_syn()));
  w.add(t::day0 + 100, wrap(t::ipv6_tcp_syn()));
  w.add(t::day0 + 100, wrap(t::ipv4_icmp(t::ip(192, 0, 2, 7), t::ip(203, 0, 113, 12))));
  w.add(t::day0 + 100, wrap(t::ipv4_udp(t::ip(192, 0, 2, 8), t::ip(203, 0, 113, 12), 5000, 1900)));
  return "2021-05-27,192.0.2.3,1,1,1,0,1,2021-05-27T02:00:00Z,2021-05-27T02:01:00Z,mirai\n"
         "2021-05-27,192.0.2.4,2,2,1,2,4,2021-05-27T22:13:20Z,2021-05-27T22:13:21Z,mirai\n" +
         expected_tail;
}

}  // namespace

TEST_CASE("extract: exact rows and totals for a mixed Ethernet capture", "[pcap][mirai]") {
  t::temp_dir dir;
  std::uint64_t mirai_packets = 0;
  const auto id = [](const t::frame& f) { return t::ethernet(f); };
  const std::string body = write_mixed(dir / "mixed.pcap", DLT_EN10MB, id, mirai_packets);
  const auto result = parsers::extract_sources({dir / "mixed.pcap"}, {});
  REQUIRE(result.ok());
  CHECK(csv_of(result.rows) == header + body);
  CHECK(result.scanners.empty());
  const auto& s = result.stats;
  CHECK(mirai_packets == 101);
  CHECK(s.packets == 101 + 3 + 3 + 2 + 5 + 2 + 1 + 2 + 1 + 1);
  CHECK(s.mirai_syn == 101 + 1 + 2);
  CHECK(s.tcp_syn == 101 + 3 + 2 + 3);
  CHECK(s.tcp_other == 3);
  CHECK(s.udp == 3);
  CHECK(s.fragments == 2);
  CHECK(s.truncated == 1);
  CHECK(s.ipv6 == 2);
  CHECK(s.ipv4_other == 1);
  CHECK(result.source_days == 50 + 4);  // 192.0.2.1, .3, .4 and the UDP-only .8
}

TEST_CASE("extract: --all-sources also lists sources without a Mirai SYN", "[pcap][mirai]") {
  t::temp_dir dir;
  std::uint64_t mirai_packets = 0;
  const auto id = [](const t::frame& f) { return t::ethernet(f); };
  const std::string body = write_mixed(dir / "mixed.pcap", DLT_EN10MB, id, mirai_packets);
  parsers::extract_options o;
  o.all_sources = true;
  const auto result = parsers::extract_sources({dir / "mixed.pcap"}, o);
  CHECK(csv_of(result.rows) ==
        header + "2021-05-27,192.0.2.1,0,0,3,0,3,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,other\n" +
            body.substr(0, body.find("2021-05-27,198.")) +
            "2021-05-27,192.0.2.8,0,0,0,1,1,2021-05-27T00:01:40Z,2021-05-27T00:01:40Z,other\n" +
            body.substr(body.find("2021-05-27,198.")));
}

TEST_CASE("extract: the same rows under every link type", "[pcap][mirai]") {
  struct variant {
    const char* name;
    int link;
    wrap_fn wrap;
    std::uint32_t file_linktype = 0;  // non-zero: patched into the pcap file header
  };
  const std::vector<variant> variants = {
      {"802.1Q", DLT_EN10MB, [](const t::frame& f) { return t::ethernet(f, {0x8100}); }},
      {"QinQ 88a8", DLT_EN10MB, [](const t::frame& f) { return t::ethernet(f, {0x88a8, 0x8100}); }},
      {"QinQ 9100", DLT_EN10MB, [](const t::frame& f) { return t::ethernet(f, {0x9100, 0x8100}); }},
      {"SLL", DLT_LINUX_SLL, [](const t::frame& f) { return t::linux_sll(f); }},
      {"SLL2", DLT_LINUX_SLL2, [](const t::frame& f) { return t::linux_sll2(f); }},
      {"DLT_RAW", DLT_RAW, [](const t::frame& f) { return f; }},
      {"linktype 12 in the file", DLT_RAW, [](const t::frame& f) { return f; }, 12},
      {"LINKTYPE_IPV4", DLT_RAW, [](const t::frame& f) { return f; }, 228},
      {"NULL", DLT_NULL, [](const t::frame& f) { return t::bsd_null(f); }},
  };
  t::temp_dir dir;
  std::uint64_t mirai_packets = 0;
  const auto eth = [](const t::frame& f) { return t::ethernet(f); };
  const std::string expected = header + write_mixed(dir / "eth.pcap", DLT_EN10MB, eth, mirai_packets);
  for (const auto& v : variants) {
    INFO(v.name);
    write_mixed(dir / "v.pcap", v.link, v.wrap, mirai_packets);
    if (v.file_linktype != 0) t::patch_linktype(dir / "v.pcap", v.file_linktype);
    const auto result = parsers::extract_sources({dir / "v.pcap"}, {});
    REQUIRE(result.ok());
    CHECK(csv_of(result.rows) == expected);
    CHECK(result.stats.ipv6 == (v.file_linktype == 228 ? 0 : 2));
    CHECK(result.stats.malformed == (v.file_linktype == 228 ? 2 : 0));
    CHECK(result.stats.fragments == 2);
    CHECK(result.stats.truncated == 1);
    CHECK(result.stats.tcp_other == 3);
  }
}

TEST_CASE("extract: --by-day splits at the --tz midnight", "[pcap][mirai]") {
  t::temp_dir dir;
  {
    t::capture_writer w(dir / "days.pcap", DLT_EN10MB);
    const auto syn = [&](std::int64_t at) {
      w.add(at, t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, 30), t::ip(203, 0, 113, 30)))));
    };
    syn(t::day0 + 53999);          // 2021-05-27 23:59:59 +09:00
    syn(t::day0 + 54000);          // 2021-05-28 00:00:00 +09:00, still the 27th in UTC
    syn(t::day0 + 86400 + 3600);   // 2021-05-28 01:00 UTC
  }
  parsers::extract_options o;
  o.by_day = true;
  o.tz_offset_seconds = 9 * 3600;
  auto result = parsers::extract_sources({dir / "days.pcap"}, o);
  CHECK(csv_of(result.rows, o.tz_offset_seconds) ==
        header +
            "2021-05-27,198.51.100.30,1,1,0,0,1,2021-05-27T23:59:59+09:00,2021-05-27T23:59:59+09:00,mirai\n"
            "2021-05-28,198.51.100.30,2,1,0,0,1,2021-05-28T00:00:00+09:00,2021-05-28T10:00:00+09:00,mirai\n");
  o.tz_offset_seconds = 0;
  result = parsers::extract_sources({dir / "days.pcap"}, o);
  CHECK(csv_of(result.rows) ==
        header +
            "2021-05-27,198.51.100.30,2,1,0,0,1,2021-05-27T14:59:59Z,2021-05-27T15:00:00Z,mirai\n"
            "2021-05-28,198.51.100.30,1,1,0,0,1,2021-05-28T01:00:00Z,2021-05-28T01:00:00Z,mirai\n");
  o.by_day = false;
  o.tz_offset_seconds = 9 * 3600;
  result = parsers::extract_sources({dir / "days.pcap"}, o);
  CHECK(csv_of(result.rows, o.tz_offset_seconds) ==
        header +
            "2021-05-27,198.51.100.30,3,1,0,0,1,2021-05-27T23:59:59+09:00,2021-05-28T10:00:00+09:00,mirai\n");
}

TEST_CASE("extract: several files aggregate into one day", "[pcap][mirai]") {
  t::temp_dir dir;
  for (int part = 0; part < 2; ++part) {
    t::capture_writer w(dir / fmt::format("part{}.pcap", part), DLT_EN10MB);
    w.add(t::day0 + 600 * part,
          t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, 40), t::ip(203, 0, 113, 40), 23 + part))));
  }
  const auto result = parsers::extract_sources({dir / "part0.pcap", dir / "part1.pcap"}, {});
  REQUIRE(result.ok());
  CHECK(csv_of(result.rows) ==
        header + "2021-05-27,198.51.100.40,2,1,0,0,2,2021-05-27T00:00:00Z,2021-05-27T00:10:00Z,mirai\n");
}
