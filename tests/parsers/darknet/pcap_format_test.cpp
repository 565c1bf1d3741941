// Classic pcap as other tools write it, read by our record reader: both byte orders
// with micro- and nanosecond magics, Kuznetzov's modified records (editcap -F modpcap),
// records longer than the header's snaplen (kept whole, as tshark does) and bad lengths.
#include "parsers/darknet/mirai_extract.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;

namespace {

struct pcap_layout {
  bool big_endian = false;
  std::uint32_t magic = 0xa1b2c3d4;
  std::uint32_t snaplen = 65535;
  std::uint32_t link_type = 1;
  bool modified = false;  // 24-byte record headers
};

void put32(std::string& out, std::uint32_t v, bool big) {
  for (int i = 0; i < 4; ++i) {
    const int shift = big ? 24 - 8 * i : 8 * i;
    out += static_cast<char>((v >> shift) & 0xff);
  }
}

void put16(std::string& out, std::uint16_t v, bool big) {
  out += static_cast<char>(big ? v >> 8 : v & 0xff);
  out += static_cast<char>(big ? v & 0xff : v >> 8);
}

// frames: (unix seconds, sub-second units, frame)
std::string pcap_bytes(const pcap_layout& l,
                       const std::vector<std::tuple<std::int64_t, std::uint32_t, t::frame>>& frames) {
  std::string out;
  put32(out, l.magic, l.big_endian);
  put16(out, 2, l.big_endian);
  put16(out, 4, l.big_endian);
  put32(out, 0, l.big_endian);
  put32(out, 0, l.big_endian);
  put32(out, l.snaplen, l.big_endian);
  put32(out, l.link_type, l.big_endian);
  for (const auto& [seconds, frac, f] : frames) {
    put32(out, static_cast<std::uint32_t>(seconds), l.big_endian);
    put32(out, frac, l.big_endian);
    put32(out, static_cast<std::uint32_t>(f.size()), l.big_endian);
    put32(out, static_cast<std::uint32_t>(f.size()), l.big_endian);
    if (l.modified) out.append(8, '\0');  // ifindex, protocol, pkt_type, pad
    out.append(f.begin(), f.end());
  }
  return out;
}

t::frame eth_syn(unsigned i) {
  return t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, i), t::ip(203, 0, 113, i))));
}

std::string extract_csv(const std::filesystem::path& file, const std::string& bytes,
                        std::size_t expected_errors = 0) {
  std::ofstream(file, std::ios::binary) << bytes;
  const auto result = parsers::extract_sources({file}, {});
  REQUIRE(result.errors.size() == expected_errors);
  return parsers::format_source_csv(result.rows, {});
}

}  // namespace

TEST_CASE("pcap format: byte orders, clocks and the modified record layout", "[pcap][format]") {
  t::temp_dir dir;
  const std::vector<std::tuple<std::int64_t, std::uint32_t, t::frame>> frames = {
      {t::day0 + 1, 999'999'999, eth_syn(1)}, {t::day0 + 2, 0, eth_syn(2)}};
  for (bool big : {false, true}) {
    for (std::uint32_t magic : {0xa1b2c3d4u, 0xa1b23c4du, 0xa1b2cd34u}) {
      INFO((big ? "big" : "little") << " endian, magic " << std::hex << magic);
      pcap_layout l;
      l.big_endian = big;
      l.magic = magic;
      l.modified = magic == 0xa1b2cd34u;
      CHECK(extract_csv(dir / "a.pcap", pcap_bytes(l, frames)) == t::mirai_syn_rows({1, 2}));
    }
  }
}

TEST_CASE("pcap format: a record longer than the header's snaplen is kept whole", "[pcap][format]") {
  // libpcap would cut these 54-byte records to 40 and lose the TCP header; tshark keeps them.
  t::temp_dir dir;
  pcap_layout l;
  l.snaplen = 40;
  CHECK(extract_csv(dir / "a.pcap", pcap_bytes(l, {{t::day0 + 3, 0, eth_syn(3)}})) ==
        t::mirai_syn_rows({3}));
}

TEST_CASE("pcap format: a record length past the maximum stops the read there", "[pcap][format]") {
  t::temp_dir dir;
  std::string bytes = pcap_bytes({}, {{t::day0 + 1, 0, eth_syn(1)}, {t::day0 + 2, 0, eth_syn(2)}});
  const std::size_t second = 24 + 16 + 54;
  bytes[second + 8 + 2] = 0x7f;  // caplen of the second record: 0x007f0036
  std::ofstream(dir / "bad.pcap", std::ios::binary) << bytes;
  const auto result = parsers::extract_sources({dir / "bad.pcap"}, {});
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].message ==
        "invalid packet capture length 8323126, bigger than the maximum of 262144");
  CHECK(result.errors[0].packets_read == 1);
  CHECK(result.errors[0].byte_offset == second);
  CHECK(parsers::format_source_csv(result.rows, {}) == t::mirai_syn_rows({1}));
}
