// pcapng as other tools write it: several interfaces of different link types in one
// file (dumpcap -i lo -i any), if_tsresol / if_tsoffset clocks, big-endian sections,
// simple / obsolete packet blocks, comments and non-packet blocks, and a cut-off file.
#include "parsers/darknet/mirai_extract.hpp"
#include "tests/parsers/darknet/pcap_ng_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;

namespace {

std::string csv_of(const std::vector<parsers::source_row>& rows) {
  return parsers::format_source_csv(rows, {});
}

t::frame syn_ip(unsigned i) {
  return t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, i), t::ip(203, 0, 113, i)));
}

constexpr std::uint64_t usec(unsigned i) { return (t::day0 + i) * 1'000'000ull; }
constexpr std::uint64_t nsec(unsigned i) { return (t::day0 + i) * 1'000'000'000ull; }

// Seven packets over five interfaces of four link types and four clocks, with the
// blocks real files carry between them.
t::pcapng_builder mixed_file(bool big_endian) {
  t::pcapng_builder b;
  b.section(big_endian, "captured by a test");
  b.interface(1);                            // 0: Ethernet, default microseconds
  b.interface(276, 9);                       // 1: SLL2, nanoseconds (dumpcap's default)
  b.interface(113, 0x80 | 20);               // 2: SLL, 2^-20 s
  b.interface(228, 0, t::day0);              // 3: raw IPv4, seconds, offset day0
  b.interface(101, 3);                       // 4: LINKTYPE_RAW, milliseconds
  b.packet(0, usec(1), t::ethernet(syn_ip(1)), 0, "a comment");
  b.other_block(4, std::string(4, '\0'));    // name resolution: end of records only
  b.packet(1, nsec(2) + 999'999'999, t::linux_sll2(syn_ip(2)));
  b.packet(2, std::uint64_t{t::day0 + 3} << 20, t::linux_sll(syn_ip(3)));
  b.other_block(5, std::string(12, '\0'));   // interface statistics
  b.packet(3, 4, syn_ip(4));
  b.packet(4, (t::day0 + 5) * 1000ull + 999, syn_ip(5));
  b.other_block(0x40000bad, "custom!!");     // a custom block with its own payload
  b.obsolete_packet(0, usec(6), t::ethernet(syn_ip(6)));
  b.simple_packet(t::ethernet(syn_ip(7)));   // no timestamp: takes the previous one
  return b;
}

}  // namespace

TEST_CASE("pcapng: interfaces of different link types and clocks in one file", "[pcap][pcapng]") {
  t::temp_dir dir;
  for (bool big : {false, true}) {
    INFO((big ? "big-endian" : "little-endian"));
    mixed_file(big).write(dir / "mixed.pcapng");
    const auto result = parsers::extract_sources({dir / "mixed.pcapng"}, {});
    REQUIRE(result.ok());
    CHECK(result.stats.packets == 7);
    CHECK(result.stats.mirai_syn == 7);
    std::string expected = t::mirai_syn_rows({1, 2, 3, 4, 5, 6});
    expected += "2021-05-27,198.51.100.7,1,1,0,0,1,2021-05-27T00:00:06Z,2021-05-27T00:00:06Z,mirai\n";
    CHECK(csv_of(result.rows) == expected);
  }
}

TEST_CASE("pcapng: sections of both byte orders follow each other, gzip too", "[pcap][pcapng]") {
  t::temp_dir dir;
  t::pcapng_builder b;
  b.section(true);
  b.interface(276, 9);
  b.packet(0, nsec(1), t::linux_sll2(syn_ip(1)));
  b.section(false);  // interface ids start again at 0 with the new section
  b.interface(1);
  b.packet(0, usec(2), t::ethernet(syn_ip(2)));
  b.write(dir / "two.pcapng");
  t::gzip_file(dir / "two.pcapng", dir / "two.pcapng.gz");
  for (const char* name : {"two.pcapng", "two.pcapng.gz"}) {
    INFO(name);
    const auto result = parsers::extract_sources({dir / name}, {});
    REQUIRE(result.ok());
    CHECK(csv_of(result.rows) == t::mirai_syn_rows({1, 2}));
  }
}

TEST_CASE("pcapng: a file cut inside a packet block keeps the packets before it", "[pcap][pcapng]") {
  t::temp_dir dir;
  t::pcapng_builder b;
  b.section(false);
  b.interface(1);
  b.interface(276, 9);
  b.packet(0, usec(1), t::ethernet(syn_ip(1)));
  b.packet(1, nsec(2), t::linux_sll2(syn_ip(2)));
  const std::size_t third_at = b.bytes().size();
  b.packet(0, usec(3), t::ethernet(syn_ip(3)));
  b.write(dir / "cut.pcapng");
  std::filesystem::resize_file(dir / "cut.pcapng", b.bytes().size() - 10);
  const auto result = parsers::extract_sources({dir / "cut.pcapng"}, {});
  REQUIRE(result.errors.size() == 1);
  const auto& e = result.errors[0];
  CHECK(e.packets_read == 2);
  CHECK(e.byte_offset == third_at);
  CHECK_THAT(e.message, Catch::Contains("truncated"));
  CHECK(csv_of(result.rows) == t::mirai_syn_rows({1, 2}));
}

TEST_CASE("pcapng: hostile blocks are errors, never reads past the block", "[pcap][pcapng]") {
  t::temp_dir dir;
  t::pcapng_builder b;
  b.section(false);
  b.interface(1);
  b.packet(0, usec(1), t::ethernet(syn_ip(1)));
  const std::size_t bad_at = b.bytes().size();
  b.packet(3, usec(2), t::ethernet(syn_ip(2)));  // interface 3 was never described
  b.write(dir / "bad.pcapng");
  const auto result = parsers::extract_sources({dir / "bad.pcapng"}, {});
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message == "packet block names interface 3 of 1");
  CHECK(result.errors[0].byte_offset == bad_at);
  CHECK(csv_of(result.rows) == t::mirai_syn_rows({1}));
}

TEST_CASE("pcapng: unsupported interfaces count; a file of only those is an error", "[pcap][pcapng]") {
  t::temp_dir dir;
  t::pcapng_builder wifi_only;
  wifi_only.section(false);
  wifi_only.interface(105);  // 802.11
  wifi_only.packet(0, usec(1), t::frame(40, 0));
  wifi_only.write(dir / "wifi.pcapng");
  t::pcapng_builder mixed;
  mixed.section(false);
  mixed.interface(105);
  mixed.interface(1);
  mixed.packet(0, usec(1), t::frame(40, 0));
  mixed.packet(1, usec(2), t::ethernet(syn_ip(2)));
  mixed.write(dir / "mixed.pcapng");
  const auto result = parsers::extract_sources({dir / "wifi.pcapng", dir / "mixed.pcapng"}, {});
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message == "unsupported link type 105 (IEEE802_11)");
  CHECK(result.errors[0].packets_read == 0);
  CHECK(result.stats.unsupported_link == 2);
  CHECK(csv_of(result.rows) == t::mirai_syn_rows({2}));
}
