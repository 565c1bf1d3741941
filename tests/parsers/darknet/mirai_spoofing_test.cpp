// Issue 11, spoofed sources: every source's Mirai SYN count and distinct destinations are
// recorded; NICTER's one-SYN definition stays the default, and a configurable minimum
// (mirai_min_syns, mirai_min_destinations) leaves a spoofed spike out of the list while
// counting it (tag sparse, shown with --all-sources).
#include "parsers/darknet/mirai_extract.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>
#include <pcap/pcap.h>

#include <algorithm>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;

namespace {

// A bot (198.51.100.1) scanning six addresses, a slow bot (.2) sending two SYNs to one
// address, and a spike of five forged sources (192.0.2.10-14) with one SYN each.
std::filesystem::path write_spike(const t::temp_dir& dir) {
  const auto file = dir / "spike.pcap";
  t::capture_writer w(file, DLT_EN10MB);
  for (std::uint8_t i = 1; i <= 6; ++i)
    w.add(t::day0 + i, t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, 1), t::ip(203, 0, 113, i)))));
  for (int k = 0; k < 2; ++k)
    w.add(t::day0 + 10 + k, t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(198, 51, 100, 2), t::ip(203, 0, 113, 9)))));
  for (std::uint8_t i = 10; i <= 14; ++i)
    w.add(t::day0 + 20, t::ethernet(t::ipv4_tcp(t::mirai_syn(t::ip(192, 0, 2, i), t::ip(203, 0, 113, 50)))));
  return file;
}

const parsers::source_row* row_of(const std::vector<parsers::source_row>& rows, std::uint32_t ip) {
  const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.ip == ip; });
  return it == rows.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("darknet: Mirai SYNs and distinct destinations per source; a minimum filters a "
          "spoofed spike (issue 11)", "[pcap][mirai][issue11]") {
  t::temp_dir dir;
  const auto file = write_spike(dir);
  // NICTER's definition (the default): one Mirai SYN lists a source.
  const auto nicter = parsers::extract_sources({file}, {});
  REQUIRE(nicter.ok());
  CHECK(nicter.rows.size() == 7);
  CHECK(nicter.sparse == 0);
  const auto* bot = row_of(nicter.rows, t::ip(198, 51, 100, 1));
  REQUIRE(bot);
  CHECK(bot->mirai_syns == 6);
  CHECK(bot->mirai_dsts == parsers::mirai_destination_cap);  // 6 addresses, saturating at 4
  CHECK(row_of(nicter.rows, t::ip(198, 51, 100, 2))->mirai_dsts == 1);
  CHECK(row_of(nicter.rows, t::ip(192, 0, 2, 10))->mirai_dsts == 1);

  parsers::extract_options strict;
  strict.min_mirai_syns = 2;
  strict.min_destinations = 2;
  const auto filtered = parsers::extract_sources({file}, strict);
  REQUIRE(filtered.rows.size() == 1);  // the slow bot reached one address only
  CHECK(filtered.rows[0].ip == t::ip(198, 51, 100, 1));
  CHECK(filtered.sparse == 6);

  strict.all_sources = true;  // shown, tagged
  const auto shown = parsers::extract_sources({file}, strict);
  CHECK(row_of(shown.rows, t::ip(192, 0, 2, 12))->tag == parsers::source_tag::sparse);
  CHECK(parsers::to_string(parsers::source_tag::sparse) == "sparse");
  CHECK(parsers::format_source_csv({*row_of(shown.rows, t::ip(192, 0, 2, 12))}, {}) ==
        "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag\n"
        "2021-05-27,192.0.2.12,1,1,0,0,1,2021-05-27T00:00:20Z,2021-05-27T00:00:20Z,sparse\n");
}
