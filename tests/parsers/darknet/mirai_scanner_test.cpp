// The survey-scanner rule on generated captures: a source just above and just below
// each threshold (ports and packets), at lowered thresholds and at the real 300,000,
// per day with --by-day, and the known-organisation CIDR list.
#include "parsers/darknet/mirai_extract.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>
#include <pcap/pcap.h>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;

namespace {

const std::string header = "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag\n";

std::string csv_of(const std::vector<parsers::source_row>& rows, bool org = false) {
  parsers::csv_options o;
  o.org_column = org;
  return parsers::format_source_csv(rows, o);
}

// `packets` packets from `src` over `ports` distinct ports (1000...): even ones Mirai
// SYNs, odd ones UDP when `with_udp`, else non-Mirai SYNs when `mirai` is false.
void send(t::capture_writer& w, std::int64_t at, std::uint32_t src, unsigned ports,
          unsigned packets, bool with_udp, bool mirai = true) {
  const std::uint32_t dst = t::ip(203, 0, 113, 77);
  for (unsigned i = 0; i < packets; ++i) {
    const auto port = static_cast<std::uint16_t>(1000 + i % ports);
    if (with_udp && i % 2 == 1) {
      w.add(at, t::ethernet(t::ipv4_udp(src, dst, 5000, port)));
    } else {
      t::tcp_spec s = t::mirai_syn(src, dst, port);
      if (!mirai) s.seq = 7;
      w.add(at, t::ethernet(t::ipv4_tcp(s)));
    }
  }
}

}  // namespace

TEST_CASE("scanner: just above and just below each threshold (lowered)", "[pcap][scanner]") {
  t::temp_dir dir;
  {
    t::capture_writer w(dir / "s.pcap", DLT_EN10MB);
    send(w, t::day0 + 3600, t::ip(198, 51, 100, 10), 30, 100, false);  // both met: scanner
    send(w, t::day0 + 3600, t::ip(198, 51, 100, 11), 29, 100, false);  // 29 ports
    send(w, t::day0 + 3600, t::ip(198, 51, 100, 12), 30, 99, false);   // 99 packets
    send(w, t::day0 + 3600, t::ip(198, 51, 100, 13), 30, 100, true, false);  // no Mirai SYN
  }
  parsers::extract_options o;
  o.thresholds = {30, 100};
  auto result = parsers::extract_sources({dir / "s.pcap"}, o);
  REQUIRE(result.ok());
  CHECK(csv_of(result.rows) ==
        header +
            "2021-05-27,198.51.100.11,100,1,0,0,29,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,mirai\n"
            "2021-05-27,198.51.100.12,99,1,0,0,30,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,mirai\n");
  CHECK(csv_of(result.scanners, true) ==
        "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag,org\n"
        "2021-05-27,198.51.100.10,100,1,0,0,30,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,scanner,\n"
        "2021-05-27,198.51.100.13,0,0,50,50,30,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,scanner,\n");
  o.include_scanners = true;
  result = parsers::extract_sources({dir / "s.pcap"}, o);
  CHECK(csv_of(result.rows) ==
        header +
            "2021-05-27,198.51.100.10,100,1,0,0,30,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,scanner\n"
            "2021-05-27,198.51.100.11,100,1,0,0,29,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,mirai\n"
            "2021-05-27,198.51.100.12,99,1,0,0,30,2021-05-27T01:00:00Z,2021-05-27T01:00:00Z,mirai\n");
}

TEST_CASE("scanner: the real thresholds, 300,000 vs 299,999 packets", "[pcap][scanner][slow]") {
  t::temp_dir dir;
  {
    t::capture_writer w(dir / "big.pcap", DLT_EN10MB);
    send(w, t::day0, t::ip(198, 51, 100, 20), 30, 300000, true);
    send(w, t::day0, t::ip(198, 51, 100, 21), 30, 299999, true);
    send(w, t::day0, t::ip(198, 51, 100, 22), 29, 300000, true);
  }
  const auto result = parsers::extract_sources({dir / "big.pcap"}, {});
  REQUIRE(result.ok());
  CHECK(result.stats.packets == 899999);
  CHECK(csv_of(result.rows) ==
        header +
            "2021-05-27,198.51.100.21,150000,1,0,149999,30,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,mirai\n"
            "2021-05-27,198.51.100.22,150000,1,0,150000,29,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,mirai\n");
  CHECK(csv_of(result.scanners) ==
        header +
            "2021-05-27,198.51.100.20,150000,1,0,150000,30,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,scanner\n");
}

TEST_CASE("scanner: judged per day; a scanner day does not hide a quiet day with --by-day",
          "[pcap][scanner]") {
  t::temp_dir dir;
  const std::uint32_t src = t::ip(198, 51, 100, 31);
  {
    t::capture_writer w(dir / "d.pcap", DLT_EN10MB);
    send(w, t::day0 + 60, src, 2, 3, false);          // day 1: 2 ports, 3 packets
    send(w, t::day0 + 86400 + 60, src, 1, 1, false);  // day 2: 1 packet
    send(w, t::day0 + 120, t::ip(198, 51, 100, 32), 1, 2, false);
    send(w, t::day0 + 86400 + 120, t::ip(198, 51, 100, 32), 2, 2, false);  // 3 packets, 2 ports
  }                                                                       // only over 2 days
  parsers::extract_options o;
  o.thresholds = {2, 3};
  o.by_day = true;
  auto result = parsers::extract_sources({dir / "d.pcap"}, o);
  CHECK(csv_of(result.rows) ==
        header +
            "2021-05-27,198.51.100.32,2,1,0,0,1,2021-05-27T00:02:00Z,2021-05-27T00:02:00Z,mirai\n"
            "2021-05-28,198.51.100.31,1,1,0,0,1,2021-05-28T00:01:00Z,2021-05-28T00:01:00Z,mirai\n"
            "2021-05-28,198.51.100.32,2,1,0,0,2,2021-05-28T00:02:00Z,2021-05-28T00:02:00Z,mirai\n");
  CHECK(csv_of(result.scanners) ==
        header + "2021-05-27,198.51.100.31,3,1,0,0,2,2021-05-27T00:01:00Z,2021-05-27T00:01:00Z,scanner\n");
  o.by_day = false;  // one row per source: a scanner on any day stays a scanner
  result = parsers::extract_sources({dir / "d.pcap"}, o);
  CHECK(csv_of(result.rows) ==
        header + "2021-05-27,198.51.100.32,4,1,0,0,2,2021-05-27T00:02:00Z,2021-05-28T00:02:00Z,mirai\n");
  CHECK(csv_of(result.scanners) ==
        header + "2021-05-27,198.51.100.31,4,1,0,0,2,2021-05-27T00:01:00Z,2021-05-28T00:01:00Z,scanner\n");
}

TEST_CASE("scanner: known survey organisations are excluded and reported", "[pcap][scanner]") {
  t::temp_dir dir;
  {
    t::capture_writer w(dir / "o.pcap", DLT_EN10MB);
    send(w, t::day0 + 60, t::ip(198, 51, 100, 1), 1, 2, false);   // inside the /28
    send(w, t::day0 + 60, t::ip(198, 51, 100, 16), 1, 1, false);  // just outside it
    send(w, t::day0 + 60, t::ip(192, 0, 2, 9), 1, 1, false, false);  // listed, no Mirai SYN
  }
  parsers::extract_options o;
  o.survey_orgs = parsers::survey_org_list::parse("198.51.100.0/28 Example Survey\n192.0.2.9\n").list;
  const auto result = parsers::extract_sources({dir / "o.pcap"}, o);
  CHECK(csv_of(result.rows) ==
        header + "2021-05-27,198.51.100.16,1,1,0,0,1,2021-05-27T00:01:00Z,2021-05-27T00:01:00Z,mirai\n");
  CHECK(csv_of(result.scanners, true) ==
        "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag,org\n"
        "2021-05-27,192.0.2.9,0,0,1,0,1,2021-05-27T00:01:00Z,2021-05-27T00:01:00Z,survey-org,\n"
        "2021-05-27,198.51.100.1,2,1,0,0,1,2021-05-27T00:01:00Z,2021-05-27T00:01:00Z,survey-org,"
        "Example Survey\n");
}

TEST_CASE("scanner: dst_ports saturates at the port threshold", "[pcap][scanner]") {
  t::temp_dir dir;
  {
    t::capture_writer w(dir / "p.pcap", DLT_EN10MB);
    send(w, t::day0, t::ip(198, 51, 100, 50), 40, 40, false);
    send(w, t::day0, t::ip(198, 51, 100, 51), 7, 7, false);
  }
  parsers::extract_options o;
  o.thresholds = {5, 1000};
  const auto result = parsers::extract_sources({dir / "p.pcap"}, o);
  CHECK(csv_of(result.rows) ==
        header +
            "2021-05-27,198.51.100.50,40,1,0,0,5,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,mirai\n"
            "2021-05-27,198.51.100.51,7,1,0,0,5,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,mirai\n");
}

TEST_CASE("country: --country-db fills the country column", "[pcap][country]") {
  t::temp_dir dir;
  {
    t::capture_writer w(dir / "c.pcap", DLT_EN10MB);
    send(w, t::day0, t::ip(192, 0, 2, 1), 1, 1, false);
    send(w, t::day0, t::ip(198, 51, 100, 1), 1, 1, false);
    send(w, t::day0, t::ip(203, 0, 113, 1), 1, 1, false);
  }
  t::write_country_mmdb(dir / "c.mmdb", {{t::ip(198, 51, 100, 0), 24, "JP"},
                                         {t::ip(203, 0, 113, 0), 25, "NL"}});
  parsers::extract_options o;
  o.country_db = dir / "c.mmdb";
  const auto result = parsers::extract_sources({dir / "c.pcap"}, o);
  REQUIRE(result.ok());
  parsers::csv_options csv;
  csv.country_column = true;
  CHECK(parsers::format_source_csv(result.rows, csv) ==
        "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag,country\n"
        "2021-05-27,192.0.2.1,1,1,0,0,1,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,mirai,\n"
        "2021-05-27,198.51.100.1,1,1,0,0,1,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,mirai,JP\n"
        "2021-05-27,203.0.113.1,1,1,0,0,1,2021-05-27T00:00:00Z,2021-05-27T00:00:00Z,mirai,NL\n");

  o.country_db = dir / "missing.mmdb";  // checked before any capture is read
  const auto failed = parsers::extract_sources({dir / "c.pcap"}, o);
  REQUIRE(failed.errors.size() == 1);
  CHECK_THAT(failed.errors[0].message, Catch::StartsWith("cannot open the country database"));
  CHECK(failed.stats.packets == 0);
  CHECK(failed.rows.empty());
}
