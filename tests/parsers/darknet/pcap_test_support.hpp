// Test-only builders for the pcap extractor tests: raw IPv4/IPv6/TCP/UDP packets,
// link-layer wrappers (Ethernet + VLAN, SLL, SLL2, BSD null), a libpcap capture writer,
// a hand-written pcapng writer and gzip. Captures live in a per-test temporary folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace iotprobe::testing {

using frame = std::vector<std::uint8_t>;

// Addresses in host order, e.g. ip(198, 51, 100, 7).
constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// 2021-05-27T00:00:00Z
inline constexpr std::int64_t day0 = 1622073600;

struct tcp_spec {
  std::uint32_t src = 0, dst = 0;
  std::uint16_t sport = 40000, dport = 23;
  std::uint32_t seq = 0;
  std::uint8_t flags = 0x02;
  std::uint16_t frag = 0;  // the IPv4 flags+offset word (0x2000 = more fragments)
};
// A Mirai SYN: seq == dst, SYN only, high source port.
tcp_spec mirai_syn(std::uint32_t src, std::uint32_t dst, std::uint16_t dport = 23);

frame ipv4_tcp(const tcp_spec& s);  // 40 bytes: IPv4 (no options) + TCP (no options)
frame ipv4_udp(std::uint32_t src, std::uint32_t dst, std::uint16_t sport, std::uint16_t dport);
frame ipv4_icmp(std::uint32_t src, std::uint32_t dst);
frame ipv6_tcp_syn();  // 60 bytes, documentation prefix 2001:db8::/32

frame ethernet(const frame& ip_packet, std::vector<std::uint16_t> vlan_types = {},
               std::uint16_t ethertype = 0);  // ethertype 0: from the IP version nibble
frame linux_sll(const frame& ip_packet);
frame linux_sll2(const frame& ip_packet);
frame bsd_null(const frame& ip_packet);

// The extractor's CSV for one Mirai SYN from 198.51.100.i at day0 + i seconds, for each i.
std::string mirai_syn_rows(const std::vector<unsigned>& sources);

// Writes a pcap with libpcap's own writer (pcap_open_dead + pcap_dump).
class capture_writer {
 public:
  capture_writer(const std::filesystem::path& file, int link_type);
  ~capture_writer();
  capture_writer(const capture_writer&) = delete;
  capture_writer& operator=(const capture_writer&) = delete;
  void add(std::int64_t unix_seconds, const frame& f, std::uint32_t usec = 0);
  void close();

 private:
  void* pcap_ = nullptr;
  void* dumper_ = nullptr;
};

// A minimal little-endian pcapng: SHB, one IDB, one EPB per frame.
void write_pcapng(const std::filesystem::path& file, int link_type,
                  const std::vector<std::pair<std::int64_t, frame>>& frames);

// Overwrites the link type in a little-endian pcap file header written by capture_writer.
void patch_linktype(const std::filesystem::path& file, std::uint32_t linktype);

// A minimal MaxMind DB (IPv4 tree, 24-bit records) mapping each prefix to
// {"country": {"iso_code": CODE}}, written from the format specification.
struct country_prefix {
  std::uint32_t network;
  unsigned prefix;
  std::string iso_code;
};
void write_country_mmdb(const std::filesystem::path& file, const std::vector<country_prefix>& map);

void gzip_file(const std::filesystem::path& from, const std::filesystem::path& to);
// Gzips `from` but cuts the result right after the first `keep` input bytes (flushed
// there): a stream that decompresses cleanly to exactly `keep` bytes, then just ends.
void gzip_file_cut(const std::filesystem::path& from, const std::filesystem::path& to,
                   std::size_t keep);

// A fresh empty folder under the system temp dir, removed on destruction.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace iotprobe::testing
