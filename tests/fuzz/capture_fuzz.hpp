// Shared body of the pcap_file and pcapng_file fuzz targets: the input is read by the
// stream reader from memory, then by read_capture() from a plain file, a gzip file and a
// gzip file cut short. Invariants: every frame is counted in exactly one kind, the
// per-source rows add up to the SYN and UDP counts, a stop lies inside the input, the file
// paths agree with the stream, and a cut gzip stream is an error, never a clean end.
#pragma once

#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/fuzz_files.hpp"

#include "parsers/darknet/mirai_aggregator.hpp"
#include "parsers/darknet/pcap_reader.hpp"

#include <malloc.h>

#include <cstring>
#include <optional>
#include <string>
#include <tuple>

namespace iotprobe::testing {

using parsers::capture_stats;
using parsers::packet_aggregator;

// What one read produced; `offset` is where the stream reader stopped, if it did.
struct capture_outcome {
  bool stopped = false;
  std::uint64_t packets_read = 0;
  std::optional<std::uint64_t> offset;
  capture_stats stats;
};

constexpr std::int32_t fuzz_tz_offset = 9 * 3600;  // a non-zero zone exercises day bounds
constexpr std::uint32_t fuzz_port_cap = 5;          // small, so the spill path is reached

// read_capture() sends a file to the pcapng reader exactly when this holds.
inline bool starts_as_pcapng(std::string_view bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\x0a\x0d\x0d\x0a", 4) == 0;
}

// Runs a stream reader, `read(FILE*)`, over the bytes held in memory.
template <class Read>
auto read_from_memory(std::string_view bytes, Read&& read) {
  std::FILE* in = memory_stream(bytes);
  FUZZ_CHECK(in != nullptr);
  auto stop = read(in);
  std::fclose(in);
  return stop;
}

inline auto stats_tuple(const capture_stats& s) {
  return std::tie(s.packets, s.tcp_syn, s.mirai_syn, s.tcp_other, s.udp, s.ipv4_other, s.ipv6,
                  s.fragments, s.truncated, s.malformed, s.not_ip, s.unsupported_link);
}

inline void check_rows(const parsers::source_days& days, const capture_stats& s) {
  std::uint64_t mirai = 0, other = 0, udp = 0;
  for (std::size_t i = 0; i < days.rows.size(); ++i) {
    const parsers::source_day& r = days.rows[i];
    if (i > 0) {
      const auto& p = days.rows[i - 1];
      FUZZ_CHECK(p.ip < r.ip || (p.ip == r.ip && p.day < r.day));
    }
    FUZZ_CHECK(r.first_seen <= r.last_seen);
    FUZZ_CHECK(r.mirai_syns + r.other_syns + r.udp > 0);
    FUZZ_CHECK(r.ports_count >= 1 && r.ports_count <= fuzz_port_cap);
    FUZZ_CHECK(std::size_t{r.ports_offset} + r.ports_count <= days.ports.size());
    for (std::uint32_t k = 1; k < r.ports_count; ++k)
      FUZZ_CHECK(days.ports[r.ports_offset + k - 1] < days.ports[r.ports_offset + k]);
    mirai += r.mirai_syns;
    other += r.other_syns;
    udp += r.udp;
  }
  FUZZ_CHECK(mirai == s.mirai_syn && other == s.tcp_syn - s.mirai_syn && udp == s.udp);
}

// Every frame lands in exactly one kind.
inline void check_stats(const capture_stats& s) {
  FUZZ_CHECK(s.mirai_syn <= s.tcp_syn);
  FUZZ_CHECK(s.tcp_syn + s.tcp_other + s.udp + s.ipv4_other + s.ipv6 + s.fragments + s.truncated +
                 s.malformed + s.not_ip + s.unsupported_link ==
             s.packets);
}

// The kinds add up, and the per-source rows agree with the totals.
inline void check_aggregate(packet_aggregator& a) {
  const capture_stats s = a.stats();
  check_stats(s);
  check_rows(a.finish(), s);
}

// The readers allocate a 256 KiB record buffer per file; glibc would hand it back to the
// kernel after every input and fault it in again, which costs more than the parsing.
inline void keep_freed_memory() {
  static const bool once = [] {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
  }();
  (void)once;
}

// read_capture() on `file`: an error is a value with its file name; the stats are kept.
inline capture_outcome read_file(const std::filesystem::path& file) {
  packet_aggregator a(fuzz_tz_offset, fuzz_port_cap);
  const auto error = parsers::read_capture(file, a);
  capture_outcome out;
  out.stopped = error.has_value();
  if (error) {
    FUZZ_CHECK(error->file == file.string() && !error->message.empty());
    FUZZ_CHECK(!parsers::describe(*error).empty());
    out.packets_read = error->packets_read;
    out.offset = error->byte_offset;
    FUZZ_CHECK(out.packets_read <= a.stats().packets);
  }
  out.stats = a.stats();
  check_stats(a.stats());  // the rows were checked on the stream read of the same bytes
  return out;
}

inline bool same_frames(const capture_outcome& a, const capture_outcome& b) {
  return a.stopped == b.stopped && a.packets_read == b.packets_read &&
         stats_tuple(a.stats) == stats_tuple(b.stats);
}

// The file paths of read_capture() against the stream reader's outcome on the same bytes.
// `routes_here`: read_capture's sniffing sends these bytes to this target's reader.
// The plain-file path differs from the stream only in how the file is opened, so it runs
// for one input in eight and for every input that looks gzipped.
inline void check_files(std::string_view bytes, const capture_outcome& stream, bool routes_here) {
  const bool looks_gzipped = bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b';
  if (looks_gzipped || bytes.size() % 8 == 0) {
    const capture_outcome plain = read_file(write_scratch("plain", bytes));
    if (routes_here && !looks_gzipped) FUZZ_CHECK(same_frames(plain, stream));
  }
  const std::string packed = gzip_bytes(bytes);
  const capture_outcome gz = read_file(write_scratch("whole.gz", packed));
  if (routes_here) FUZZ_CHECK(same_frames(gz, stream));
  // Cut inside the deflate data or trailer (after the 10-byte header): always an error.
  const std::size_t cut = 10 + (bytes.size() * 131 + packed.size()) % (packed.size() - 10);
  const capture_outcome cut_short = read_file(write_scratch("cut.gz", std::string_view(packed).substr(0, cut)));
  FUZZ_CHECK(cut_short.stopped);
  FUZZ_CHECK(cut_short.stats.packets <= gz.stats.packets);
}

}  // namespace iotprobe::testing
