// A streaming reader for classic pcap files (both byte orders, micro- and nanosecond
// magics, Kuznetzov's modified records). libpcap cuts every record longer than the
// file's snaplen field down to it, which tshark does not; this reader keeps what was
// written. It must never trust a length beyond its cap, never throw, never allocate per packet.
#pragma once

#include "parsers/darknet/mirai_aggregator.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace iotprobe::parsers {

struct pcap_stop {
  std::string message;
  bool in_file_header = false;    // the file is not a readable pcap at all
  std::uint64_t packets_read = 0;
  std::uint64_t byte_offset = 0;  // the record that could not be read
  int unsupported_link = -1;      // >= 0: the file's link type, which the decoder lacks
};

// The largest record accepted, as libpcap and Wireshark do for ordinary link types.
inline constexpr std::uint32_t pcap_max_caplen = 262144;

// Reads the file header then every record of `in` into `aggregator`. Returns nothing
// at a clean end of file, else why and where it stopped.
std::optional<pcap_stop> read_pcap_stream(std::FILE* in, packet_aggregator& aggregator);

}  // namespace iotprobe::parsers
