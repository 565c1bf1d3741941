// pcap_stream, the push reader behind `follow --pcap -`: the same frames whether the bytes
// come at once or one at a time (records split anywhere), a rotated file restarting at
// its header, and streams it must refuse (pcapng, not a capture, an impossible length).
#include "parsers/darknet/pcap_stream.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>
#include <pcap/pcap.h>

#include <fstream>
#include <iterator>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;

namespace {

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Five Mirai SYNs from 198.51.100.1..5 at day0 + i, as a pcap file's bytes.
std::vector<std::uint8_t> five_frames(const t::temp_dir& dir) {
  t::capture_writer w(dir / "five.pcap", DLT_EN10MB);
  for (unsigned i = 1; i <= 5; ++i)
    w.add(t::day0 + i, t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, i), t::ip(203, 0, 113, i)))));
  w.close();
  return file_bytes(dir / "five.pcap");
}

struct seen_frame {
  int link;
  std::int64_t seconds;
  std::size_t bytes;
};

std::vector<seen_frame> push_in_pieces(parsers::pcap_stream& s, const std::vector<std::uint8_t>& bytes,
                                       std::size_t piece) {
  std::vector<seen_frame> out;
  const auto each = [&out](const parsers::stream_frame& f) { out.push_back({f.link_type, f.seconds, f.bytes.size()}); };
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    const std::size_t n = std::min(piece, bytes.size() - at);
    REQUIRE(s.push({bytes.data() + at, n}, each));
  }
  return out;
}

}  // namespace

TEST_CASE("pcap_stream: the same frames however the bytes are split", "[parsers][darknet][stream]") {
  t::temp_dir dir;
  const auto bytes = five_frames(dir);
  for (const std::size_t piece : {bytes.size(), std::size_t{1}, std::size_t{7}, std::size_t{70}}) {
    parsers::pcap_stream s;
    const auto frames = push_in_pieces(s, bytes, piece);
    REQUIRE(frames.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(frames[i].link == DLT_EN10MB);
      CHECK(frames[i].seconds == t::day0 + static_cast<std::int64_t>(i) + 1);
      CHECK(frames[i].bytes == 54);
    }
    CHECK(s.buffered() == 0);
    CHECK(s.offset() == bytes.size());
    CHECK_FALSE(s.error());
  }
}

TEST_CASE("pcap_stream: restart reads a rotated file from its header", "[parsers][darknet][stream]") {
  t::temp_dir dir;
  const auto bytes = five_frames(dir);
  parsers::pcap_stream s;
  CHECK(push_in_pieces(s, {bytes.begin(), bytes.begin() + 100}, 100).size() == 1);
  CHECK(s.buffered() > 0);  // half of the second record
  s.restart();
  CHECK(push_in_pieces(s, bytes, 64).size() == 5);
}

TEST_CASE("pcap_stream: pcapng, garbage and impossible lengths stop it", "[parsers][darknet][stream]") {
  t::temp_dir dir;
  t::write_pcapng(dir / "x.pcapng", DLT_EN10MB, {{t::day0, t::ethernet(t::ipv6_tcp_syn())}});
  const auto none = [](const parsers::stream_frame&) { FAIL("no frame expected"); };
  parsers::pcap_stream ng;
  const auto ng_bytes = file_bytes(dir / "x.pcapng");
  CHECK_FALSE(ng.push(ng_bytes, none));
  CHECK_THAT(*ng.error(), Catch::Contains("pcapng"));

  parsers::pcap_stream garbage;
  const std::string text = "this is not a capture at all, honestly";
  CHECK_FALSE(garbage.push({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, none));
  CHECK_THAT(*garbage.error(), Catch::Contains("not a pcap"));
  CHECK_FALSE(garbage.push({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}, none));

  auto bytes = five_frames(dir);
  bytes[24 + 8] = 0xff;  // the first record's caplen: beyond pcap_max_caplen
  bytes[24 + 9] = 0xff;
  bytes[24 + 10] = 0xff;
  parsers::pcap_stream big;
  CHECK_FALSE(big.push(bytes, none));
  CHECK_THAT(*big.error(), Catch::Contains("capture length"));
}
