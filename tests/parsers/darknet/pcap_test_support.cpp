// Builders behind pcap_test_support.hpp. Checksums are left zero: the extractor never
// verifies them, exactly as a telescope's raw capture would not.
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace iotprobe::testing {
namespace {

void put16(frame& f, std::size_t at, std::uint16_t v) {
  f[at] = static_cast<std::uint8_t>(v >> 8);
  f[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(frame& f, std::size_t at, std::uint32_t v) {
  put16(f, at, static_cast<std::uint16_t>(v >> 16));
  put16(f, at + 2, static_cast<std::uint16_t>(v));
}

frame ipv4_header(std::uint32_t src, std::uint32_t dst, std::uint8_t proto, std::size_t l4_len,
                  std::uint16_t frag) {
  frame f(20 + l4_len, 0);
  f[0] = 0x45;
  put16(f, 2, static_cast<std::uint16_t>(f.size()));
  put16(f, 6, frag);
  f[8] = 64;
  f[9] = proto;
  put32(f, 12, src);
  put32(f, 16, dst);
  return f;
}

void append_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void append_le16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v));
  out.push_back(static_cast<char>(v >> 8));
}
void append_block(std::string& out, std::uint32_t type, const std::string& body) {
  const auto total = static_cast<std::uint32_t>(12 + body.size());
  append_le32(out, type);
  append_le32(out, total);
  out += body;
  append_le32(out, total);
}

// MaxMind DB data-section encoders (control byte: type << 5 | size).
void mmdb_string(std::string& out, const std::string& s) {
  out.push_back(static_cast<char>(0x40 | s.size()));
  out += s;
}
void mmdb_uint(std::string& out, unsigned type, std::uint64_t v, unsigned bytes) {
  if (type <= 7) {
    out.push_back(static_cast<char>(type << 5 | bytes));
  } else {
    out.push_back(static_cast<char>(bytes));
    out.push_back(static_cast<char>(type - 7));
  }
  for (unsigned i = bytes; i-- > 0;) out.push_back(static_cast<char>(v >> (8 * i)));
}
void mmdb_map(std::string& out, unsigned pairs) { out.push_back(static_cast<char>(0xe0 | pairs)); }

}  // namespace

tcp_spec mirai_syn(std::uint32_t src, std::uint32_t dst, std::uint16_t dport) {
  tcp_spec s;
  s.src = src;
  s.dst = dst;
  s.dport = dport;
  s.seq = dst;
  return s;
}

frame ipv4_tcp(const tcp_spec& s) {
  frame f = ipv4_header(s.src, s.dst, 6, 20, s.frag);
  put16(f, 20, s.sport);
  put16(f, 22, s.dport);
  put32(f, 24, s.seq);
  f[32] = 0x50;
  f[33] = s.flags;
  put16(f, 34, 14600);
  return f;
}

frame ipv4_udp(std::uint32_t src, std::uint32_t dst, std::uint16_t sport, std::uint16_t dport) {
  frame f = ipv4_header(src, dst, 17, 8, 0);
  put16(f, 20, sport);
  put16(f, 22, dport);
  put16(f, 24, 8);
  return f;
}

frame ipv4_icmp(std::uint32_t src, std::uint32_t dst) {
  frame f = ipv4_header(src, dst, 1, 8, 0);
  f[20] = 8;
  return f;
}

frame ipv6_tcp_syn() {
  frame f(60, 0);
  f[0] = 0x60;
  put16(f, 4, 20);
  f[6] = 6;
  f[7] = 64;
  put32(f, 8, 0x20010db8);
  f[23] = 1;
  put32(f, 24, 0x20010db8);
  f[39] = 2;
  put16(f, 40, 40000);
  put16(f, 42, 23);
  f[52] = 0x50;
  f[53] = 0x02;
  return f;
}

frame ethernet(const frame& ip_packet, std::vector<std::uint16_t> vlan_types, std::uint16_t ethertype) {
  if (ethertype == 0) ethertype = (ip_packet.at(0) >> 4) == 6 ? 0x86dd : 0x0800;
  frame f(12, 0);
  f[0] = 0x02;
  f[6] = 0x02;
  f[11] = 1;
  std::uint16_t vid = 100;
  for (const std::uint16_t tpid : vlan_types) {
    f.push_back(static_cast<std::uint8_t>(tpid >> 8));
    f.push_back(static_cast<std::uint8_t>(tpid));
    f.push_back(static_cast<std::uint8_t>(vid >> 8));
    f.push_back(static_cast<std::uint8_t>(vid++));
  }
  f.push_back(static_cast<std::uint8_t>(ethertype >> 8));
  f.push_back(static_cast<std::uint8_t>(ethertype));
  f.insert(f.end(), ip_packet.begin(), ip_packet.end());
  return f;
}

frame linux_sll(const frame& ip_packet) {
  frame f(16, 0);
  put16(f, 2, 1);   // ARPHRD_ETHER
  put16(f, 4, 6);   // address length
  f[6] = 0x02;
  put16(f, 14, (ip_packet.at(0) >> 4) == 6 ? 0x86dd : 0x0800);
  f.insert(f.end(), ip_packet.begin(), ip_packet.end());
  return f;
}

frame linux_sll2(const frame& ip_packet) {
  frame f(20, 0);
  put16(f, 0, (ip_packet.at(0) >> 4) == 6 ? 0x86dd : 0x0800);
  put32(f, 4, 2);   // interface index
  put16(f, 8, 1);   // ARPHRD_ETHER
  f[11] = 6;
  f[12] = 0x02;
  f.insert(f.end(), ip_packet.begin(), ip_packet.end());
  return f;
}

frame bsd_null(const frame& ip_packet) {
  // AF_INET (2) or BSD's AF_INET6 (24), in little-endian host order.
  frame f{static_cast<std::uint8_t>((ip_packet.at(0) >> 4) == 6 ? 24 : 2), 0, 0, 0};
  f.insert(f.end(), ip_packet.begin(), ip_packet.end());
  return f;
}

std::string mirai_syn_rows(const std::vector<unsigned>& sources) {
  std::string out = "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag\n";
  for (unsigned i : sources) {
    out += fmt::format("2021-05-27,198.51.100.{},1,1,0,0,1,2021-05-27T00:00:{:02}Z,"
                       "2021-05-27T00:00:{:02}Z,mirai\n", i, i, i);
  }
  return out;
}

capture_writer::capture_writer(const std::filesystem::path& file, int link_type) {
  pcap_t* p = pcap_open_dead(link_type, 65535);
  pcap_dumper_t* d = p != nullptr ? pcap_dump_open(p, file.c_str()) : nullptr;
  if (d == nullptr) throw std::runtime_error("cannot write test capture " + file.string());
  pcap_ = p;
  dumper_ = d;
}

capture_writer::~capture_writer() { close(); }

void capture_writer::add(std::int64_t unix_seconds, const frame& f, std::uint32_t usec) {
  pcap_pkthdr h{};
  h.ts.tv_sec = static_cast<time_t>(unix_seconds);
  h.ts.tv_usec = static_cast<suseconds_t>(usec);
  h.caplen = h.len = static_cast<bpf_u_int32>(f.size());
  pcap_dump(static_cast<u_char*>(dumper_), &h, f.data());
}

void capture_writer::close() {
  if (dumper_ != nullptr) pcap_dump_close(static_cast<pcap_dumper_t*>(dumper_));
  if (pcap_ != nullptr) pcap_close(static_cast<pcap_t*>(pcap_));
  dumper_ = pcap_ = nullptr;
}

void write_pcapng(const std::filesystem::path& file, int link_type,
                  const std::vector<std::pair<std::int64_t, frame>>& frames) {
  std::string out, body;
  append_le32(body, 0x1a2b3c4d);
  append_le16(body, 1);
  append_le16(body, 0);
  body.append(8, '\xff');  // section length unknown
  append_block(out, 0x0a0d0d0a, body);
  body.clear();
  append_le16(body, static_cast<std::uint16_t>(link_type));
  append_le16(body, 0);
  append_le32(body, 65535);
  append_block(out, 1, body);
  for (const auto& [seconds, f] : frames) {
    const std::uint64_t usec = static_cast<std::uint64_t>(seconds) * 1000000;
    body.clear();
    append_le32(body, 0);
    append_le32(body, static_cast<std::uint32_t>(usec >> 32));
    append_le32(body, static_cast<std::uint32_t>(usec));
    append_le32(body, static_cast<std::uint32_t>(f.size()));
    append_le32(body, static_cast<std::uint32_t>(f.size()));
    body.append(f.begin(), f.end());
    body.append((4 - f.size() % 4) % 4, '\0');
    append_block(out, 6, body);
  }
  std::ofstream(file, std::ios::binary) << out;
}

void patch_linktype(const std::filesystem::path& file, std::uint32_t linktype) {
  std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
  std::string le;
  append_le32(le, linktype);
  f.seekp(20);
  f.write(le.data(), 4);
}

void write_country_mmdb(const std::filesystem::path& file, const std::vector<country_prefix>& map) {
  // A binary trie: child -1 = no data, <= -2 = data record -(n + 2), else a node index.
  std::vector<std::array<long, 2>> nodes(1, {-1, -1});
  std::string data;
  for (const auto& entry : map) {
    const long record = -static_cast<long>(data.size()) - 2;
    mmdb_map(data, 1);
    mmdb_string(data, "country");
    mmdb_map(data, 1);
    mmdb_string(data, "iso_code");
    mmdb_string(data, entry.iso_code);
    std::size_t node = 0;
    for (unsigned bit = 0; bit < entry.prefix; ++bit) {
      const unsigned side = (entry.network >> (31 - bit)) & 1;
      if (bit + 1 == entry.prefix) {
        nodes[node][side] = record;
      } else {
        if (nodes[node][side] < 0) {
          nodes[node][side] = static_cast<long>(nodes.size());
          nodes.push_back({-1, -1});
        }
        node = static_cast<std::size_t>(nodes[node][side]);
      }
    }
  }
  const auto count = static_cast<std::uint32_t>(nodes.size());
  std::string out;
  for (const auto& n : nodes) {
    for (const long child : n) {
      const std::uint32_t v = child >= 0 ? static_cast<std::uint32_t>(child)
                              : child == -1 ? count
                                            : count + 16 + static_cast<std::uint32_t>(-child - 2);
      for (int i = 2; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
    }
  }
  out.append(16, '\0');
  out += data;
  out += "\xab\xcd\xefMaxMind.com";
  mmdb_map(out, 9);
  mmdb_string(out, "binary_format_major_version");
  mmdb_uint(out, 5, 2, 1);
  mmdb_string(out, "binary_format_minor_version");
  mmdb_uint(out, 5, 0, 0);
  mmdb_string(out, "build_epoch");
  mmdb_uint(out, 9, 1622073600, 4);
  mmdb_string(out, "database_type");
  mmdb_string(out, "iotprobe-test-country");
  mmdb_string(out, "description");
  mmdb_map(out, 0);
  mmdb_string(out, "ip_version");
  mmdb_uint(out, 5, 4, 1);
  mmdb_string(out, "languages");
  out.push_back(0);  // array (extended type 11), size 0
  out.push_back(4);
  mmdb_string(out, "node_count");
  mmdb_uint(out, 6, count, 4);
  mmdb_string(out, "record_size");
  mmdb_uint(out, 5, 24, 1);
  std::ofstream(file, std::ios::binary) << out;
}

void gzip_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::ifstream in(from, std::ios::binary);
  const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  gzFile gz = gzopen(to.c_str(), "wb");
  if (gz == nullptr) throw std::runtime_error("cannot write " + to.string());
  gzwrite(gz, data.data(), static_cast<unsigned>(data.size()));
  gzclose(gz);
}

void gzip_file_cut(const std::filesystem::path& from, const std::filesystem::path& to,
                   std::size_t keep) {
  std::ifstream in(from, std::ios::binary);
  const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  gzFile gz = gzopen(to.c_str(), "wb");
  if (gz == nullptr || keep > data.size()) throw std::runtime_error("cannot write " + to.string());
  gzwrite(gz, data.data(), static_cast<unsigned>(keep));
  gzflush(gz, Z_SYNC_FLUSH);
  const auto cut = static_cast<std::uintmax_t>(gzoffset(gz));
  gzwrite(gz, data.data() + keep, static_cast<unsigned>(data.size() - keep));
  gzclose(gz);
  std::filesystem::resize_file(to, cut);
}

temp_dir::temp_dir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("iotprobe-pcap-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace iotprobe::testing
