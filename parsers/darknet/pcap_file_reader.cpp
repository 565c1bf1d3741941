// Classic pcap records read straight from a stdio stream: a 24-byte file header, then
// a 16-byte (24 for the modified format) header before each record's captured bytes.
// Every length is checked before it is used; errors are values with the record offset.
#include "parsers/darknet/pcap_file_reader.hpp"

#include "parsers/darknet/packet_decode.hpp"
#include "parsers/darknet/pcap_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace iotprobe::parsers {
namespace {

// The file header read from `in`, decoded by parse_pcap_file_header.
std::optional<pcap_format> read_file_header(std::FILE* in, std::string& why) {
  unsigned char h[pcap_file_header_bytes];
  const std::size_t got = std::fread(h, 1, sizeof h, in);
  if (got != sizeof h) {
    why = fmt::format("truncated dump file; tried to read {} file header bytes, only got {}",
                      sizeof h, got);
    return std::nullopt;
  }
  return parse_pcap_file_header(h, why);
}

// Reads one record into `data`; false at a clean end of file or with `stop` filled in.
bool read_record(std::FILE* in, const pcap_format& f, std::vector<unsigned char>& data,
                 std::uint32_t& seconds, std::uint32_t& caplen, pcap_stop& stop) {
  unsigned char h[pcap_max_record_header_bytes];
  const std::size_t got = std::fread(h, 1, f.record_header_bytes, in);
  if (got == 0 && std::feof(in) != 0) return false;
  if (got != f.record_header_bytes) {
    stop.message = std::ferror(in) != 0
                       ? std::string("read error")
                       : fmt::format("truncated dump file; tried to read {} header bytes, only got {}",
                                     f.record_header_bytes, got);
    return false;
  }
  const auto record = parse_pcap_record_header(h, f);
  seconds = record.seconds;
  caplen = record.caplen;
  if (caplen > pcap_max_caplen) {
    stop.message = fmt::format("invalid packet capture length {}, bigger than the maximum of {}",
                               caplen, pcap_max_caplen);
    return false;
  }
  // Grown to the largest record so far (doubling): a capture of small frames, or a file
  // that stops at its first record, never pays for a 256 KiB buffer.
  if (data.size() < caplen) data.resize(std::max<std::size_t>(caplen, 2 * data.size()));
  const std::size_t body = std::fread(data.data(), 1, caplen, in);
  if (body != caplen) {
    stop.message = std::ferror(in) != 0
                       ? std::string("read error")
                       : fmt::format("truncated dump file; tried to read {} captured bytes, only got {}",
                                     caplen, body);
    return false;
  }
  return true;
}

}  // namespace

std::optional<pcap_stop> read_pcap_stream(std::FILE* in, packet_aggregator& aggregator) {
  pcap_stop stop;
  const auto format = read_file_header(in, stop.message);
  if (!format) {
    stop.in_file_header = true;
    return stop;
  }
  if (!link_type_supported(format->link_type)) {
    stop.unsupported_link = format->link_type;
    return stop;
  }
  std::vector<unsigned char> data(2048);
  std::uint64_t offset = pcap_file_header_bytes;
  std::uint32_t seconds = 0;
  std::uint32_t caplen = 0;
  for (;;) {
    stop.byte_offset = offset;
    if (!read_record(in, *format, data, seconds, caplen, stop)) break;
    aggregator.add_frame(format->link_type, seconds, {data.data(), caplen});
    ++stop.packets_read;
    offset += format->record_header_bytes + caplen;
  }
  if (stop.message.empty()) return std::nullopt;  // a clean end of file
  return stop;
}

}  // namespace iotprobe::parsers
