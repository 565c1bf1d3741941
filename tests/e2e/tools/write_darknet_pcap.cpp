// Writes the darknet capture of the `batch --pcap` e2e test with the pcap test writers
// (tests/parsers/darknet/pcap_test_support): Mirai SYNs from 127.0.9.1 and 127.0.9.2, and
// sources that must not become targets: plain SYNs (127.0.9.3), UDP only (127.0.9.4),
// SYN-ACK backscatter whose sequence equals the destination (127.0.9.5) and a seq == dst
// SYN from a privileged port (127.0.9.6). Destinations are documentation addresses; the
// file is only written, never replayed. Usage: write_darknet_pcap OUT.pcap OUT.pcap.gz
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <cstdio>
#include <exception>

using namespace iotprobe::testing;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: write_darknet_pcap OUT.pcap OUT.pcap.gz\n");
    return 2;
  }
  try {
    capture_writer out(argv[1], 1);  // Ethernet
    std::int64_t t = day0 + 3600;
    const auto add = [&](const frame& ip_packet) { out.add(t++, ethernet(ip_packet)); };
    for (unsigned d = 1; d <= 3; ++d) add(ipv4_tcp(mirai_syn(ip(127, 0, 9, 1), ip(198, 51, 100, d))));
    add(ipv4_tcp(mirai_syn(ip(127, 0, 9, 2), ip(203, 0, 113, 9), 2323)));
    for (unsigned d = 1; d <= 5; ++d) {
      tcp_spec plain = mirai_syn(ip(127, 0, 9, 3), ip(198, 51, 100, d));
      plain.seq = 12345;
      add(ipv4_tcp(plain));
    }
    add(ipv4_udp(ip(127, 0, 9, 4), ip(198, 51, 100, 7), 5000, 1900));
    tcp_spec backscatter = mirai_syn(ip(127, 0, 9, 5), ip(198, 51, 100, 8));
    backscatter.flags = 0x12;  // SYN-ACK
    add(ipv4_tcp(backscatter));
    tcp_spec low_port = mirai_syn(ip(127, 0, 9, 6), ip(198, 51, 100, 9));
    low_port.sport = 1024;
    add(ipv4_tcp(low_port));
    out.close();
    gzip_file(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_darknet_pcap: %s\n", e.what());
    return 1;
  }
  return 0;
}
