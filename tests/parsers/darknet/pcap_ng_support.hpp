// Test-only pcapng writer for what real tools emit and libpcap's writer cannot: several
// interfaces with different link types, if_tsresol / if_tsoffset, big-endian sections,
// simple and obsolete packet blocks, comments and non-packet blocks. Never used outside tests.
#pragma once

#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace iotprobe::testing {

class pcapng_builder {
 public:
  // Starts a section (several may follow each other); its byte order applies until the next.
  void section(bool big_endian, const std::string& comment = {});
  // tsresol: the raw if_tsresol byte (6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n);
  // negative: no option. tsoffset: if_tsoffset seconds (0 = no option).
  void interface(int link_type, int tsresol = -1, std::int64_t tsoffset = 0);
  void packet(std::uint32_t iface, std::uint64_t ts_units, const frame& f,
              std::uint32_t orig_len = 0, const std::string& comment = {});
  void simple_packet(const frame& f);
  void obsolete_packet(std::uint16_t iface, std::uint64_t ts_units, const frame& f);
  void other_block(std::uint32_t type, const std::string& body);  // NRB, ISB, custom...
  const std::string& bytes() const { return out_; }
  void write(const std::filesystem::path& file) const;

 private:
  void u16(std::string& s, std::uint16_t v) const;
  void u32(std::string& s, std::uint32_t v) const;
  void option(std::string& s, std::uint16_t code, const std::string& value) const;
  void block(std::uint32_t type, const std::string& body);
  bool big_ = false;
  std::string out_;
};

}  // namespace iotprobe::testing
