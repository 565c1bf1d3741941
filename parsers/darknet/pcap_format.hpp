// The classic pcap layout as pure functions over bytes: the 24-byte file header (magic,
// byte order, record layout, link type) and each record's header. Shared by the file
// reader (stdio) and the push reader of a live stream, so both read one format one way.
// It never reads more than the fixed header sizes it names, and never throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace iotprobe::parsers {

inline constexpr std::size_t pcap_file_header_bytes = 24;
inline constexpr std::size_t pcap_max_record_header_bytes = 24;

struct pcap_format {
  bool swap = false;
  std::size_t record_header_bytes = 16;  // 24 for Kuznetzov's modified records
  int link_type = 0;
};

// `h` holds pcap_file_header_bytes bytes. Unknown magic: nullopt and `why` says so.
std::optional<pcap_format> parse_pcap_file_header(const unsigned char* h, std::string& why);

struct pcap_record_header {
  std::uint32_t seconds = 0;
  std::uint32_t caplen = 0;
};

// `h` holds f.record_header_bytes bytes.
pcap_record_header parse_pcap_record_header(const unsigned char* h, const pcap_format& f) noexcept;

}  // namespace iotprobe::parsers
