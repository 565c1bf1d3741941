// A streaming pcapng block reader for the Mirai extractor. libpcap 1.10 refuses a file
// whose interfaces have different link types (dumpcap -i lo -i any writes one), so the
// extractor reads pcapng itself. It must never trust a block length beyond its cap,
// never throw, and never hold more than one block in memory.
#pragma once

#include "parsers/darknet/mirai_aggregator.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace iotprobe::parsers {

struct pcapng_stop {
  std::string message;
  std::uint64_t packets_read = 0;
  std::uint64_t byte_offset = 0;  // start of the block that could not be read
};

// What the file's interfaces were: a file none of whose interfaces the decoder knows is
// reported like a pcap of an unsupported link type.
struct pcapng_interfaces {
  std::uint32_t supported = 0;
  std::uint32_t unsupported = 0;
  int first_unsupported_link = -1;
};

// Reads every section, interface (link type, if_tsresol, if_tsoffset) and packet block
// (enhanced, simple, obsolete) from `in` into `aggregator`; other blocks are skipped.
// Returns nothing at a clean end of file, else why and where it stopped.
std::optional<pcapng_stop> read_pcapng_stream(std::FILE* in, packet_aggregator& aggregator,
                                              pcapng_interfaces& interfaces);

}  // namespace iotprobe::parsers
