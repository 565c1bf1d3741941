// Reads one capture file (pcap or pcapng, plain or gzip-compressed) with our own record
// readers and streams every frame into a packet_aggregator. Errors are values: a truncated or
// corrupt file stops the read, and every frame read before it stays counted.
#pragma once

#include "parsers/darknet/mirai_aggregator.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace iotprobe::parsers {

struct read_error {
  std::string file;
  std::string message;          // libpcap's or zlib's own words, plus ours
  std::uint64_t packets_read = 0;  // frames counted before the error
  // pcap: the byte offset of the record that could not be read (in the decompressed
  // stream when gzipped). pcapng: where reading stopped. Empty when not known.
  std::optional<std::uint64_t> byte_offset;
};

// One line for people: "FILE: MESSAGE (after N packets, at byte offset X)"; the
// parenthesis only says what is known.
std::string describe(const read_error& error);

std::optional<read_error> read_capture(const std::filesystem::path& file,
                                       packet_aggregator& aggregator);

}  // namespace iotprobe::parsers
