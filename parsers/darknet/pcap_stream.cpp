// The push reader of a live pcap stream (see pcap_stream.hpp): a byte buffer that is
// compacted as records leave it, so its size follows the largest partial record.
#include "parsers/darknet/pcap_stream.hpp"

#include "parsers/darknet/packet_decode.hpp"
#include "parsers/darknet/pcap_file_reader.hpp"

#include <fmt/format.h>

#include <cstring>

namespace iotprobe::parsers {
namespace {

constexpr std::uint32_t pcapng_magic = 0x0a0d0d0a;

}  // namespace

void pcap_stream::fail(std::string why) {
  error_ = fmt::format("{} (at byte offset {})", why, offset_);
  buffer_.clear();
  start_ = 0;
}

bool pcap_stream::take_header() {
  if (buffered() < pcap_file_header_bytes) return false;
  const unsigned char* h = buffer_.data() + start_;
  std::uint32_t magic;
  std::memcpy(&magic, h, 4);
  std::string why;
  if (magic == pcapng_magic) {
    fail("a pcapng stream: follow reads classic pcap on a stream (tcpdump -w - writes it)");
    return false;
  }
  format_ = parse_pcap_file_header(h, why);
  if (!format_) {
    fail("not a pcap stream: " + why);
    return false;
  }
  if (!link_type_supported(format_->link_type)) {
    fail(fmt::format("unsupported link type {}", format_->link_type));
    return false;
  }
  start_ += pcap_file_header_bytes;
  offset_ += pcap_file_header_bytes;
  return true;
}

bool pcap_stream::take_record(const frame_fn& each) {
  const std::size_t header = format_->record_header_bytes;
  if (buffered() < header) return false;
  const auto record = parse_pcap_record_header(buffer_.data() + start_, *format_);
  if (record.caplen > pcap_max_caplen) {
    fail(fmt::format("invalid packet capture length {}, bigger than the maximum of {}",
                     record.caplen, pcap_max_caplen));
    return false;
  }
  if (buffered() < header + record.caplen) return false;
  const stream_frame frame{format_->link_type, record.seconds,
                           {buffer_.data() + start_ + header, record.caplen}};
  start_ += header + record.caplen;
  offset_ += header + record.caplen;
  ++frames_;
  if (each) each(frame);
  return true;
}

bool pcap_stream::push(std::span<const std::uint8_t> bytes, const frame_fn& each) {
  if (error_) return false;
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  if (!format_ && !take_header()) return !error_;
  while (!error_ && take_record(each)) {
  }
  if (error_) return false;
  // Compact: what is left is one partial record at most.
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
  start_ = 0;
  return true;
}

void pcap_stream::restart() {
  buffer_.clear();
  start_ = 0;
  format_.reset();
  error_.reset();
  frames_ = 0;
  offset_ = 0;
}

}  // namespace iotprobe::parsers
