// Fuzz target for the classic pcap record reader (read_pcap_stream) and read_capture's
// file, gzip and cut-gzip paths (capture_fuzz.hpp): a stop lies inside the input, a clean
// end consumed it exactly, and every path counts the same frames.
#include "tests/fuzz/capture_fuzz.hpp"

#include "parsers/darknet/pcap_file_reader.hpp"

namespace {

using namespace iotprobe::testing;

capture_outcome read_stream(std::string_view bytes) {
  packet_aggregator a(fuzz_tz_offset, fuzz_port_cap);
  const auto stop =
      read_from_memory(bytes, [&](std::FILE* in) { return iotprobe::parsers::read_pcap_stream(in, a); });
  capture_outcome out;
  out.stopped = stop.has_value();
  out.stats = a.stats();
  if (stop) {
    FUZZ_CHECK(!stop->message.empty() || stop->unsupported_link >= 0);
    FUZZ_CHECK(stop->byte_offset <= bytes.size());
    FUZZ_CHECK(stop->packets_read == a.stats().packets);
    if (stop->in_file_header || stop->unsupported_link >= 0) FUZZ_CHECK(a.stats().packets == 0);
    out.packets_read = stop->in_file_header || stop->unsupported_link >= 0 ? 0 : stop->packets_read;
  } else {
    FUZZ_CHECK(bytes.size() >= 24);  // a clean end needs at least the file header
  }
  check_aggregate(a);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return guarded("pcap_file", [&] {
    keep_freed_memory();
    const std::string_view bytes = as_text(data, size);
    const capture_outcome stream = read_stream(bytes);
    check_files(bytes, stream, !starts_as_pcapng(bytes));
  });
}
