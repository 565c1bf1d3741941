// pcapng_builder: writes blocks exactly as the pcapng specification lays them out, in
// either byte order, so the reader is tested on layouts libpcap never writes itself.
// Test-only; it never opens anything but the file it is told to write.
#include "tests/parsers/darknet/pcap_ng_support.hpp"

#include <fstream>

namespace iotprobe::testing {

void pcapng_builder::u16(std::string& s, std::uint16_t v) const {
  if (big_) {
    s += static_cast<char>(v >> 8);
    s += static_cast<char>(v & 0xff);
  } else {
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>(v >> 8);
  }
}

void pcapng_builder::u32(std::string& s, std::uint32_t v) const {
  if (big_) {
    u16(s, static_cast<std::uint16_t>(v >> 16));
    u16(s, static_cast<std::uint16_t>(v));
  } else {
    u16(s, static_cast<std::uint16_t>(v));
    u16(s, static_cast<std::uint16_t>(v >> 16));
  }
}

void pcapng_builder::option(std::string& s, std::uint16_t code, const std::string& value) const {
  u16(s, code);
  u16(s, static_cast<std::uint16_t>(value.size()));
  s += value;
  s.append((4 - value.size() % 4) % 4, '\0');
}

void pcapng_builder::block(std::uint32_t type, const std::string& body) {
  const auto total = static_cast<std::uint32_t>(12 + body.size());
  u32(out_, type);
  u32(out_, total);
  out_ += body;
  u32(out_, total);
}

void pcapng_builder::section(bool big_endian, const std::string& comment) {
  big_ = big_endian;
  std::string body;
  u32(body, 0x1a2b3c4d);
  u16(body, 1);
  u16(body, 0);
  body.append(8, '\xff');
  if (!comment.empty()) {
    option(body, 1, comment);    // opt_comment
    option(body, 3, "x86_64");   // shb_os
    option(body, 0, "");         // opt_endofopt
  }
  block(0x0a0d0d0a, body);
}

void pcapng_builder::interface(int link_type, int tsresol, std::int64_t tsoffset) {
  std::string body;
  u16(body, static_cast<std::uint16_t>(link_type));
  u16(body, 0);
  u32(body, 262144);
  option(body, 2, "lo");  // if_name
  if (tsresol >= 0) option(body, 9, std::string(1, static_cast<char>(tsresol)));
  if (tsoffset != 0) {
    std::string v;
    const auto o = static_cast<std::uint64_t>(tsoffset);
    if (big_) {
      u32(v, static_cast<std::uint32_t>(o >> 32));
      u32(v, static_cast<std::uint32_t>(o));
    } else {
      u32(v, static_cast<std::uint32_t>(o));
      u32(v, static_cast<std::uint32_t>(o >> 32));
    }
    option(body, 14, v);
  }
  option(body, 0, "");
  block(1, body);
}

void pcapng_builder::packet(std::uint32_t iface, std::uint64_t ts_units, const frame& f,
                            std::uint32_t orig_len, const std::string& comment) {
  std::string body;
  u32(body, iface);
  u32(body, static_cast<std::uint32_t>(ts_units >> 32));
  u32(body, static_cast<std::uint32_t>(ts_units));
  u32(body, static_cast<std::uint32_t>(f.size()));
  u32(body, orig_len != 0 ? orig_len : static_cast<std::uint32_t>(f.size()));
  body.append(f.begin(), f.end());
  body.append((4 - f.size() % 4) % 4, '\0');
  if (!comment.empty()) {
    option(body, 1, comment);
    option(body, 0, "");
  }
  block(6, body);
}

void pcapng_builder::simple_packet(const frame& f) {
  std::string body;
  u32(body, static_cast<std::uint32_t>(f.size()));
  body.append(f.begin(), f.end());
  body.append((4 - f.size() % 4) % 4, '\0');
  block(3, body);
}

void pcapng_builder::obsolete_packet(std::uint16_t iface, std::uint64_t ts_units, const frame& f) {
  std::string body;
  u16(body, iface);
  u16(body, 0);  // drops
  u32(body, static_cast<std::uint32_t>(ts_units >> 32));
  u32(body, static_cast<std::uint32_t>(ts_units));
  u32(body, static_cast<std::uint32_t>(f.size()));
  u32(body, static_cast<std::uint32_t>(f.size()));
  body.append(f.begin(), f.end());
  body.append((4 - f.size() % 4) % 4, '\0');
  block(2, body);
}

void pcapng_builder::other_block(std::uint32_t type, const std::string& body) {
  block(type, body);
}

void pcapng_builder::write(const std::filesystem::path& file) const {
  std::ofstream(file, std::ios::binary) << out_;
}

}  // namespace iotprobe::testing
