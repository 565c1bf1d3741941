// The classic pcap headers decoded from bytes (see pcap_format.hpp).
#include "parsers/darknet/pcap_format.hpp"

#include <cstring>

namespace iotprobe::parsers {
namespace {

constexpr std::uint32_t magic_usec = 0xa1b2c3d4;
constexpr std::uint32_t magic_nsec = 0xa1b23c4d;
constexpr std::uint32_t magic_modified = 0xa1b2cd34;  // Kuznetzov's patched libpcap
constexpr std::uint32_t linktype_mask = 0x03ffffff;   // upper bits: FCS length flags

std::uint32_t load32(const unsigned char* p, bool swap) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return swap ? __builtin_bswap32(v) : v;
}

bool known_magic(std::uint32_t m) noexcept {
  return m == magic_usec || m == magic_nsec || m == magic_modified;
}

}  // namespace

// The magic decides byte order and record layout; LINKTYPE_ values equal the DLT_
// values the decoder uses for every link type it supports (LINKTYPE_RAW 101 included).
std::optional<pcap_format> parse_pcap_file_header(const unsigned char* h, std::string& why) {
  pcap_format f;
  std::uint32_t magic = load32(h, false);
  if (!known_magic(magic)) {
    f.swap = true;
    magic = __builtin_bswap32(magic);
  }
  if (!known_magic(magic)) {
    why = "unknown file format";
    return std::nullopt;
  }
  f.record_header_bytes = magic == magic_modified ? 24 : 16;
  f.link_type = static_cast<int>(load32(h + 20, f.swap) & linktype_mask);
  return f;
}

pcap_record_header parse_pcap_record_header(const unsigned char* h, const pcap_format& f) noexcept {
  return {load32(h, f.swap), load32(h + 8, f.swap)};
}

}  // namespace iotprobe::parsers
