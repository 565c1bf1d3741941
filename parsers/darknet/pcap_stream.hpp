// A push reader for a live classic-pcap byte stream (`tcpdump -w -` on a pipe, or a capture
// file still being written): bytes go in as they arrive, whole frames come out. It decodes
// headers with pcap_format.hpp, as the file reader does. It never blocks, never throws,
// never trusts a length beyond pcap_max_caplen, and holds at most one partial record.
#pragma once

#include "parsers/darknet/pcap_format.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace iotprobe::parsers {

struct stream_frame {
  int link_type = 0;
  std::int64_t seconds = 0;  // the record's timestamp (Unix seconds)
  std::span<const std::uint8_t> bytes;
};

class pcap_stream {
 public:
  using frame_fn = std::function<void(const stream_frame&)>;

  // Consumes `bytes`, calling `each` for every record completed by them (a record split
  // over pushes is kept until its last byte arrives). Returns false once the stream is
  // broken (not a pcap, pcapng, an impossible length): error() says why, and every later
  // push is ignored until restart().
  bool push(std::span<const std::uint8_t> bytes, const frame_fn& each);
  // A new file begins (a rotated capture): drops any partial record, expects a file header.
  void restart();

  const std::optional<std::string>& error() const noexcept { return error_; }
  std::uint64_t frames() const noexcept { return frames_; }
  std::uint64_t offset() const noexcept { return offset_; }  // bytes consumed in this file
  std::size_t buffered() const noexcept { return buffer_.size() - start_; }

 private:
  bool take_header();
  bool take_record(const frame_fn& each);
  void fail(std::string why);

  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;  // first unread byte of buffer_
  std::optional<pcap_format> format_;
  std::optional<std::string> error_;
  std::uint64_t frames_ = 0;
  std::uint64_t offset_ = 0;
};

}  // namespace iotprobe::parsers
