// Writes the darknet captures of the `follow` e2e tests with the pcap test writers
// (tests/parsers/darknet/pcap_test_support), one Ethernet frame per line of a plan read
// from stdin: "SECONDS KIND SRC DST DPORT" with KIND mirai (SYN, seq == dst, source port
// > 1024), syn (a plain SYN) or udp. Addresses are dotted quads. The file is only written
// (the test's pacer streams it to `follow --pcap -`), never replayed onto a network.
// Usage: write_follow_pcap OUT.pcap < PLAN
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace iotprobe::testing;

namespace {

std::uint32_t parse_ip(const std::string& text) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (std::sscanf(text.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
    throw std::runtime_error("bad address: " + text);
  return ip(a, b, c, d);
}

frame plan_frame(const std::string& kind, std::uint32_t src, std::uint32_t dst, std::uint16_t dport) {
  if (kind == "udp") return ipv4_udp(src, dst, 40000, dport);
  tcp_spec spec = mirai_syn(src, dst, dport);
  if (kind == "syn") spec.seq = 12345;
  else if (kind != "mirai") throw std::runtime_error("bad kind: " + kind);
  return ipv4_tcp(spec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_follow_pcap OUT.pcap < PLAN\n");
    return 2;
  }
  try {
    capture_writer out(argv[1], 1);  // Ethernet
    std::string line;
    for (std::size_t n = 1; std::getline(std::cin, line); ++n) {
      std::istringstream in(line);
      std::int64_t seconds = 0;
      std::string kind, src, dst;
      unsigned dport = 0;
      if (!(in >> seconds >> kind >> src >> dst >> dport))
        throw std::runtime_error("plan line " + std::to_string(n) + ": " + line);
      out.add(seconds, ethernet(plan_frame(kind, parse_ip(src), parse_ip(dst),
                                           static_cast<std::uint16_t>(dport))));
    }
    out.close();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_follow_pcap: %s\n", e.what());
    return 1;
  }
  return 0;
}
