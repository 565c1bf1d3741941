// Benchmark input generator for `iotprobe extract` (run by pcap_bench.sh): writes a
// classic Ethernet pcap of N packets from S distinct sources. Sources are 127.x.y.z and
// destinations 203.0.113.0/24, data only: nothing here opens a socket. Never commit output.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct rng {
  std::uint64_t state = 0x9e3779b97f4a7c15ull;
  std::uint64_t next() noexcept {  // xorshift64*
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
  }
};

void put16(unsigned char* p, std::uint32_t v) {
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}
void put32(unsigned char* p, std::uint32_t v) {
  put16(p, v >> 16);
  put16(p + 2, v & 0xffff);
}
void put_le32(unsigned char* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

// One 16-byte record header + 54-byte Ethernet/IPv4/TCP-or-UDP frame. Mix: 70% Mirai
// SYN, 15% SYN without the signature, 10% UDP, 5% SYN-ACK backscatter.
void fill_record(unsigned char* r, std::uint32_t ts, std::uint32_t src, rng& g) {
  std::memset(r, 0, 70);
  put_le32(r, ts);
  put_le32(r + 8, 54);
  put_le32(r + 12, 54);
  unsigned char* f = r + 16;
  f[0] = 0x02;
  f[6] = 0x02;
  put16(f + 12, 0x0800);
  unsigned char* ip = f + 14;
  const std::uint64_t x = g.next();
  const unsigned kind = static_cast<unsigned>(x % 100);
  const std::uint32_t dst = 0xcb007100u | static_cast<std::uint32_t>((x >> 8) & 0xff);
  ip[0] = 0x45;
  put16(ip + 2, kind < 85 || kind >= 95 ? 40 : 28);
  ip[8] = 64;
  ip[9] = kind >= 85 && kind < 95 ? 17 : 6;
  put32(ip + 12, src);
  put32(ip + 16, dst);
  unsigned char* l4 = ip + 20;
  put16(l4, 1025 + static_cast<std::uint32_t>((x >> 16) % 60000));
  put16(l4 + 2, (x >> 40) % 10 == 0 ? 2323 : 23);
  if (kind >= 85 && kind < 95) {
    put16(l4 + 2, 53 + static_cast<std::uint32_t>((x >> 32) % 4) * 100);
    put16(l4 + 4, 8);
    return;
  }
  put32(l4 + 4, kind < 70 ? dst : static_cast<std::uint32_t>(x >> 32));
  l4[12] = 0x50;
  l4[13] = kind >= 95 ? 0x12 : 0x02;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s OUT.pcap PACKETS SOURCES\n", argv[0]);
    return 2;
  }
  const std::uint64_t packets = std::strtoull(argv[2], nullptr, 10);
  const std::uint32_t sources = static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10));
  std::FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr || sources == 0 || sources > (1u << 24)) {
    std::fprintf(stderr, "cannot write %s, or SOURCES not in 1..2^24\n", argv[1]);
    return 1;
  }
  unsigned char global[24] = {};
  put_le32(global, 0xa1b2c3d4);
  global[4] = 2;
  global[6] = 4;
  put_le32(global + 16, 65535);
  put_le32(global + 20, 1);
  std::fwrite(global, 1, sizeof global, out);
  std::vector<unsigned char> buf(70 * 4096);
  rng g;
  const std::uint32_t t0 = 1622073600;  // 2021-05-27, the whole run spread over one day
  for (std::uint64_t i = 0; i < packets;) {
    std::size_t n = 0;
    for (; n < 4096 && i < packets; ++n, ++i) {
      // Every source appears at least once (the first `sources` packets), then at random.
      const std::uint32_t k = i < sources ? static_cast<std::uint32_t>(i)
                                          : static_cast<std::uint32_t>(g.next() % sources);
      const std::uint32_t ts = t0 + static_cast<std::uint32_t>(i * 86399 / packets);
      fill_record(buf.data() + n * 70, ts, 0x7f000000u | k, g);
    }
    std::fwrite(buf.data(), 70, n, out);
  }
  return std::fclose(out) == 0 ? 0 : 1;
}
