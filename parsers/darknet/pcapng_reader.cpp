// pcapng blocks read one at a time from a stdio stream (a plain file or the gzip
// cookie): each section sets its byte order, each interface its link type and clock.
// Lengths are checked against the block before any field is read; errors are values.
#include "parsers/darknet/pcapng_reader.hpp"

#include "parsers/darknet/packet_decode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace iotprobe::parsers {
namespace {

constexpr std::uint32_t block_shb = 0x0a0d0d0a;
constexpr std::uint32_t block_idb = 1;
constexpr std::uint32_t block_opb = 2;  // obsolete packet block
constexpr std::uint32_t block_spb = 3;
constexpr std::uint32_t block_epb = 6;
constexpr std::uint32_t byte_order_magic = 0x1a2b3c4d;
constexpr std::uint32_t max_block_bytes = 64u << 20;  // far above any real snaplen

struct interface_clock {
  int link_type = 0;
  std::uint64_t units_per_second = 1'000'000;  // if_tsresol, default microseconds
  int power_of_two = -1;                       // if_tsresol with the high bit set
  std::int64_t offset_seconds = 0;             // if_tsoffset
};

class block_reader {
 public:
  block_reader(std::FILE* in, packet_aggregator& aggregator, pcapng_interfaces& seen)
      : in_(in), aggregator_(aggregator), seen_(seen) {}
  std::optional<pcapng_stop> run();

 private:
  std::uint16_t u16(std::size_t at) const noexcept {
    std::uint16_t v;
    std::memcpy(&v, body_.data() + at, 2);
    return swap_ ? __builtin_bswap16(v) : v;
  }
  std::uint32_t u32(std::size_t at) const noexcept { return word(body_.data() + at); }
  std::uint32_t word(const unsigned char* p) const noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return swap_ ? __builtin_bswap32(v) : v;
  }
  pcapng_stop stop(std::string message) const {
    return {std::move(message), packets_, block_at_};
  }
  bool read_body(std::size_t bytes);
  std::optional<pcapng_stop> section_header(const unsigned char* head);
  std::optional<pcapng_stop> interface_block();
  std::optional<pcapng_stop> packet(std::uint32_t iface, std::uint64_t ts, std::size_t data_at,
                                    std::uint32_t caplen);
  std::optional<pcapng_stop> dispatch(std::uint32_t type);

  std::FILE* in_;
  packet_aggregator& aggregator_;
  pcapng_interfaces& seen_;
  bool swap_ = false;
  bool in_section_ = false;
  std::vector<interface_clock> interfaces_;
  std::vector<unsigned char> body_;  // the current block without its 8-byte head
  std::uint64_t packets_ = 0;
  std::uint64_t block_at_ = 0;
  std::int64_t last_seconds_ = 0;    // simple packet blocks carry no timestamp
};

// Reads `bytes` into body_, growing it only as the bytes arrive: a block that claims
// 64 MiB in a short or cut file costs what the file holds, not what the block claims.
bool block_reader::read_body(std::size_t bytes) {
  constexpr std::size_t first_step = 64 * 1024;
  body_.clear();
  while (body_.size() < bytes) {
    const std::size_t have = body_.size();
    const std::size_t want = std::min(bytes - have, std::max(first_step, have));
    body_.resize(have + want);
    if (std::fread(body_.data() + have, 1, want, in_) != want) return false;
  }
  return true;
}

std::optional<pcapng_stop> block_reader::section_header(const unsigned char* head) {
  std::uint32_t magic;
  if (std::fread(&magic, 1, 4, in_) != 4) return stop("truncated section header block");
  if (magic != byte_order_magic && magic != __builtin_bswap32(byte_order_magic)) {
    return stop("bad pcapng byte-order magic");
  }
  swap_ = magic != byte_order_magic;
  interfaces_.clear();
  in_section_ = true;
  const std::uint32_t length = word(head + 4);
  if (length < 28 || length % 4 != 0 || length > max_block_bytes) {
    return stop(fmt::format("bad section header block length {}", length));
  }
  if (!read_body(length - 12)) return stop("truncated section header block");
  return std::nullopt;
}

// if_tsresol (9): 10^-n seconds, or 2^-n with the high bit; if_tsoffset (14): seconds.
std::optional<pcapng_stop> block_reader::interface_block() {
  if (body_.size() < 8) return stop("interface description block too short");
  interface_clock c;
  c.link_type = u16(0);
  for (std::size_t at = 8; at + 4 <= body_.size();) {
    const std::uint16_t code = u16(at);
    const std::uint16_t length = u16(at + 2);
    if (code == 0 || at + 4 + length > body_.size()) break;
    if (code == 9 && length >= 1) {
      const unsigned v = body_[at + 4];
      if ((v & 0x80) != 0) {
        if ((v & 0x7f) > 63) return stop(fmt::format("bad if_tsresol {:#x}", v));
        c.power_of_two = static_cast<int>(v & 0x7f);
      } else {
        if (v > 19) return stop(fmt::format("bad if_tsresol {}", v));
        c.units_per_second = 1;
        for (unsigned i = 0; i < v; ++i) c.units_per_second *= 10;
      }
    } else if (code == 14 && length >= 8) {
      std::uint64_t off = 0;
      std::memcpy(&off, body_.data() + at + 4, 8);
      if (swap_) off = __builtin_bswap64(off);
      c.offset_seconds = static_cast<std::int64_t>(off);
    }
    at += 4 + ((length + 3u) & ~3u);
  }
  if (link_type_supported(c.link_type)) {
    ++seen_.supported;
  } else if (seen_.unsupported++ == 0) {
    seen_.first_unsupported_link = c.link_type;
  }
  interfaces_.push_back(c);
  return std::nullopt;
}

std::optional<pcapng_stop> block_reader::packet(std::uint32_t iface, std::uint64_t ts,
                                                std::size_t data_at, std::uint32_t caplen) {
  if (iface >= interfaces_.size()) {
    return stop(fmt::format("packet block names interface {} of {}", iface, interfaces_.size()));
  }
  if (caplen > body_.size() - data_at) return stop("packet block shorter than its captured length");
  const interface_clock& c = interfaces_[iface];
  const std::uint64_t whole = c.power_of_two >= 0 ? ts >> c.power_of_two : ts / c.units_per_second;
  // Any 64-bit time and offset can arrive: saturate instead of overflowing.
  const auto seconds = static_cast<std::int64_t>(std::min<std::uint64_t>(whole, INT64_MAX));
  if (__builtin_add_overflow(seconds, c.offset_seconds, &last_seconds_))
    last_seconds_ = c.offset_seconds < 0 ? INT64_MIN : INT64_MAX;
  aggregator_.add_frame(c.link_type, last_seconds_, {body_.data() + data_at, caplen});
  ++packets_;
  return std::nullopt;
}

std::optional<pcapng_stop> block_reader::dispatch(std::uint32_t type) {
  switch (type) {
    case block_idb: return interface_block();
    case block_epb:
      if (body_.size() < 20) return stop("enhanced packet block too short");
      return packet(u32(0), (std::uint64_t{u32(4)} << 32) | u32(8), 20, u32(12));
    case block_opb:
      if (body_.size() < 20) return stop("packet block too short");
      return packet(u16(0), (std::uint64_t{u32(4)} << 32) | u32(8), 20, u32(12));
    case block_spb: {
      if (body_.size() < 4) return stop("simple packet block too short");
      const std::uint32_t caplen = std::min<std::uint64_t>(u32(0), body_.size() - 4);
      if (interfaces_.empty()) return stop("simple packet block before any interface");
      const interface_clock& c = interfaces_[0];
      aggregator_.add_frame(c.link_type, last_seconds_, {body_.data() + 4, caplen});
      ++packets_;
      return std::nullopt;
    }
    default: return std::nullopt;  // statistics, name resolution, secrets, custom...
  }
}

std::optional<pcapng_stop> block_reader::run() {
  for (;;) {
    unsigned char head[8];
    const std::size_t got = std::fread(head, 1, sizeof head, in_);
    if (got == 0 && std::feof(in_) != 0) return std::nullopt;
    if (got != sizeof head) {
      return stop(std::ferror(in_) != 0 ? "read error" : "truncated block header");
    }
    std::uint32_t type;
    std::memcpy(&type, head, 4);
    if (type == block_shb) {
      if (auto e = section_header(head)) return e;
    } else {
      if (!in_section_) return stop("pcapng data before a section header block");
      type = word(head);
      const std::uint32_t length = word(head + 4);
      if (length < 12 || length % 4 != 0 || length > max_block_bytes) {
        return stop(fmt::format("bad block length {}", length));
      }
      if (!read_body(length - 8)) return stop(fmt::format("truncated block: {} bytes expected", length));
      if (word(body_.data() + body_.size() - 4) != length) return stop("block lengths disagree");
      body_.resize(body_.size() - 4);
      if (auto e = dispatch(type)) return e;
    }
    block_at_ += word(head + 4);
  }
}

}  // namespace

std::optional<pcapng_stop> read_pcapng_stream(std::FILE* in, packet_aggregator& aggregator,
                                              pcapng_interfaces& interfaces) {
  block_reader reader(in, aggregator, interfaces);
  return reader.run();
}

}  // namespace iotprobe::parsers
