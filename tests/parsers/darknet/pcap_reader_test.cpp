// pcap_reader through extract_sources: pcapng, gzip (pcap and pcapng), a file truncated
// inside a record and inside a record header (rows before it kept, offset reported),
// a missing file, a file that is not a capture and an unsupported link type.
#include "parsers/darknet/mirai_extract.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <pcap/pcap.h>

#include <fstream>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;

namespace {

std::string csv_of(const std::vector<parsers::source_row>& rows) {
  return parsers::format_source_csv(rows, {});
}

// Ten Ethernet Mirai SYNs (54 bytes each) from 198.51.100.1..10, one second apart.
std::vector<std::pair<std::int64_t, t::frame>> ten_frames() {
  std::vector<std::pair<std::int64_t, t::frame>> frames;
  for (unsigned i = 1; i <= 10; ++i) {
    frames.emplace_back(t::day0 + i, t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, i),
                                                                           t::ip(203, 0, 113, i)))));
  }
  return frames;
}

std::string expected_rows(unsigned n) {
  std::vector<unsigned> sources;
  for (unsigned i = 1; i <= n; ++i) sources.push_back(i);
  return t::mirai_syn_rows(sources);
}

void write_ten(const std::filesystem::path& file) {
  t::capture_writer w(file, DLT_EN10MB);
  for (const auto& [at, f] : ten_frames()) w.add(at, f);
}

}  // namespace

TEST_CASE("reader: pcap, pcapng and their gzip forms give the same rows", "[pcap][reader]") {
  t::temp_dir dir;
  write_ten(dir / "a.pcap");
  t::write_pcapng(dir / "a.pcapng", DLT_EN10MB, ten_frames());
  t::gzip_file(dir / "a.pcap", dir / "a.pcap.gz");
  t::gzip_file(dir / "a.pcapng", dir / "a.pcapng.gz");
  for (const char* name : {"a.pcap", "a.pcapng", "a.pcap.gz", "a.pcapng.gz"}) {
    INFO(name);
    const auto result = parsers::extract_sources({dir / name}, {});
    CHECK(result.errors.empty());
    CHECK(result.stats.packets == 10);
    CHECK(csv_of(result.rows) == expected_rows(10));
  }
}

TEST_CASE("reader: a truncated file keeps every packet before the cut", "[pcap][reader]") {
  t::temp_dir dir;
  write_ten(dir / "a.pcap");
  const std::uint64_t record = 16 + 54;
  REQUIRE(std::filesystem::file_size(dir / "a.pcap") == 24 + 10 * record);
  const auto check_cut = [&](std::uint64_t size, const char* words) {
    INFO("cut to " << size);
    std::filesystem::copy_file(dir / "a.pcap", dir / "cut.pcap",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(dir / "cut.pcap", size);
    const auto result = parsers::extract_sources({dir / "cut.pcap"}, {});
    REQUIRE(result.errors.size() == 1);
    const auto& e = result.errors[0];
    CHECK(e.packets_read == 9);
    CHECK(e.byte_offset == 24 + 9 * record);
    CHECK_THAT(e.message, Catch::Contains("truncated"));
    CHECK_THAT(e.message, Catch::Contains(words));
    CHECK_THAT(parsers::describe(e), Catch::EndsWith(fmt::format("(after 9 packets, at byte offset {})",
                                                                  24 + 9 * record)));
    CHECK(csv_of(result.rows) == expected_rows(9));
  };
  check_cut(24 + 10 * record - 5, "captured bytes");  // inside the last packet's data
  check_cut(24 + 9 * record + 7, "header bytes");     // inside the last record header
}

TEST_CASE("reader: a truncated gzip stream keeps what was decompressed", "[pcap][reader]") {
  t::temp_dir dir;
  {
    t::capture_writer w(dir / "big.pcap", DLT_EN10MB);
    for (unsigned i = 0; i < 20000; ++i) {
      w.add(t::day0, t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, 1 + i % 200),
                                                          t::ip(203, 0, 113, i % 251)))));
    }
  }
  t::gzip_file(dir / "big.pcap", dir / "big.pcap.gz");
  const auto gz_size = std::filesystem::file_size(dir / "big.pcap.gz");
  std::filesystem::resize_file(dir / "big.pcap.gz", gz_size / 2);
  const auto result = parsers::extract_sources({dir / "big.pcap.gz"}, {});
  REQUIRE(result.errors.size() == 1);
  const auto& e = result.errors[0];
  CHECK(e.packets_read > 0);
  CHECK(e.packets_read < 20000);
  CHECK(result.stats.packets == e.packets_read);
  CHECK(e.byte_offset == 24 + e.packets_read * (16 + 54));
}

TEST_CASE("reader: a gzip stream cut at a record boundary is still an error", "[pcap][reader]") {
  t::temp_dir dir;
  write_ten(dir / "a.pcap");
  t::gzip_file_cut(dir / "a.pcap", dir / "cut.pcap.gz", 24 + 5 * (16 + 54));
  const auto result = parsers::extract_sources({dir / "cut.pcap.gz"}, {});
  REQUIRE(result.errors.size() == 1);
  const auto& e = result.errors[0];
  CHECK(e.packets_read == 5);
  CHECK(e.byte_offset == 24 + 5 * (16 + 54));
  CHECK(e.message == "gzip: unexpected end of file");
  CHECK(csv_of(result.rows) == expected_rows(5));
}

TEST_CASE("reader: unreadable inputs are errors, never exceptions", "[pcap][reader]") {
  t::temp_dir dir;
  std::ofstream(dir / "text.pcap") << "this is not a capture file at all\n";
  {
    t::capture_writer w(dir / "wifi.pcap", 105);  // 802.11
    w.add(t::day0, t::frame(40, 0));
  }
  write_ten(dir / "good.pcap");
  const auto result = parsers::extract_sources(
      {dir / "missing.pcap", dir / "text.pcap", dir / "wifi.pcap", dir / "good.pcap"}, {});
  REQUIRE(result.errors.size() == 3);
  CHECK_THAT(result.errors[0].message, Catch::StartsWith("cannot open: No such file"));
  CHECK_THAT(result.errors[1].message, Catch::StartsWith("not a readable pcap/pcapng capture"));
  CHECK(result.errors[2].message == "unsupported link type 105 (IEEE802_11)");
  CHECK(csv_of(result.rows) == expected_rows(10));  // the good file still counts
}
