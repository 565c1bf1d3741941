// Fuzz target for the pcapng block reader (read_pcapng_stream) and read_capture's file,
// gzip and cut-gzip paths (capture_fuzz.hpp): a stop lies inside the input, interfaces are
// counted once each, and every path counts the same frames.
#include "tests/fuzz/capture_fuzz.hpp"

#include "parsers/darknet/pcapng_reader.hpp"

namespace {

using namespace iotprobe::testing;

capture_outcome read_stream(std::string_view bytes) {
  packet_aggregator a(fuzz_tz_offset, fuzz_port_cap);
  iotprobe::parsers::pcapng_interfaces seen;
  const auto stop = read_from_memory(
      bytes, [&](std::FILE* in) { return iotprobe::parsers::read_pcapng_stream(in, a, seen); });
  FUZZ_CHECK((seen.unsupported == 0) == (seen.first_unsupported_link < 0));
  capture_outcome out;
  out.stats = a.stats();
  if (stop) {
    FUZZ_CHECK(!stop->message.empty());
    FUZZ_CHECK(stop->byte_offset <= bytes.size());
    FUZZ_CHECK(stop->packets_read == a.stats().packets);
    out.stopped = true;
    out.packets_read = stop->packets_read;
  } else {
    // As read_capture reports it: no interface the decoder knows is an unsupported link.
    out.stopped = seen.supported == 0 && seen.unsupported != 0;
  }
  check_aggregate(a);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return guarded("pcapng_file", [&] {
    keep_freed_memory();
    const std::string_view bytes = as_text(data, size);
    const capture_outcome stream = read_stream(bytes);
    check_files(bytes, stream, starts_as_pcapng(bytes));
  });
}
