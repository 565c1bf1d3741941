// live_sources, follow's per-packet classifier: the Mirai signature, the per-day scanner
// rule crossed mid-day (once), its counters dropped at the next day, the survey-org list,
// the cap on counted sources; and parse_iso_seconds, which reads darknet lists' times.
#include "parsers/darknet/iso_time.hpp"
#include "parsers/darknet/live_sources.hpp"
#include "parsers/darknet/mirai_aggregator.hpp"
#include "tests/parsers/darknet/pcap_test_support.hpp"

#include <catch2/catch.hpp>

namespace parsers = iotprobe::parsers;
namespace t = iotprobe::testing;
using kind = parsers::live_event::kind;

namespace {

parsers::decoded_packet packet(const t::frame& ip_packet) {
  return parsers::decode_packet(parsers::link_raw, ip_packet);
}

parsers::decoded_packet syn_to_port(std::uint32_t src, std::uint16_t port) {
  t::tcp_spec s = t::mirai_syn(src, t::ip(198, 51, 100, 1), port);
  s.seq = 7;
  return packet(t::ipv4_tcp(s));
}

}  // namespace

TEST_CASE("live_sources: Mirai SYNs, scanners crossing the rule, day rollover", "[parsers][darknet][live]") {
  const parsers::scanner_thresholds rule{3, 5};  // 3 ports and 5 packets a day
  parsers::live_sources live(0, rule, nullptr, 100);
  const auto a = t::ip(192, 0, 2, 1), b = t::ip(192, 0, 2, 2);
  const auto mirai_a = packet(t::ipv4_tcp(t::mirai_syn(a, t::ip(203, 0, 113, 1))));
  const auto e = live.observe(mirai_a, t::day0 + 5);
  CHECK(e.what == kind::mirai);
  CHECK(e.ip == a);
  CHECK(e.day == parsers::day_of(t::day0, 0));
  CHECK(e.seconds == t::day0 + 5);
  // b: four SYNs over three ports, then the fifth packet crosses the rule (once).
  for (std::uint16_t p : {1, 2, 3, 3}) CHECK(live.observe(syn_to_port(b, p), t::day0 + 10).what == kind::none);
  CHECK(live.observe(syn_to_port(b, 4), t::day0 + 11).what == kind::became_scanner);
  CHECK(live.observe(syn_to_port(b, 5), t::day0 + 12).what == kind::none);
  CHECK(live.is_scanner(b, e.day));
  const auto mirai_b = packet(t::ipv4_tcp(t::mirai_syn(b, t::ip(203, 0, 113, 2))));
  CHECK(live.observe(mirai_b, t::day0 + 13).what == kind::scanner_mirai);
  // Backscatter and ICMP are nothing; UDP counts for the rule but is never Mirai.
  t::tcp_spec synack = t::mirai_syn(a, t::ip(203, 0, 113, 1));
  synack.flags = 0x12;
  CHECK(live.observe(packet(t::ipv4_tcp(synack)), t::day0 + 14).what == kind::none);
  CHECK(live.observe(packet(t::ipv4_udp(a, t::ip(203, 0, 113, 1), 5000, 53)), t::day0 + 14).what == kind::none);
  // The next day starts from zero.
  CHECK(live.observe(mirai_b, t::day0 + 86400).what == kind::mirai);
  CHECK_FALSE(live.is_scanner(b, e.day + 1));
  CHECK(live.tracked() == 1);
}

TEST_CASE("live_sources: survey organisations and the cap on counted sources", "[parsers][darknet][live]") {
  const auto orgs = parsers::survey_org_list::parse("192.0.2.0/28 Example Survey\n");
  REQUIRE_FALSE(orgs.error);
  parsers::live_sources live(9 * 3600, {3, 5}, &orgs.list, 1);
  const auto in_org = packet(t::ipv4_tcp(t::mirai_syn(t::ip(192, 0, 2, 3), t::ip(203, 0, 113, 1))));
  CHECK(live.observe(in_org, t::day0).what == kind::scanner_mirai);
  const auto other = packet(t::ipv4_tcp(t::mirai_syn(t::ip(192, 0, 2, 99), t::ip(203, 0, 113, 1))));
  CHECK(live.observe(other, t::day0).what == kind::mirai);  // Mirai, but over the cap: not counted
  CHECK(live.untracked() == 1);
  // 14:59:59Z is the 27th at +09:00, 15:00:00Z the 28th.
  CHECK(live.observe(other, t::day0 + 15 * 3600 - 1).day == parsers::day_of(t::day0, 0));
  CHECK(live.observe(other, t::day0 + 15 * 3600).day == parsers::day_of(t::day0, 0) + 1);
}

TEST_CASE("parse_iso_seconds: extract's times, offsets and bad text", "[parsers][darknet][live]") {
  CHECK(parsers::parse_iso_seconds("2021-05-27T00:00:00Z") == t::day0);
  CHECK(parsers::parse_iso_seconds("2021-05-27T09:00:05+09:00") == t::day0 + 5);
  CHECK(parsers::parse_iso_seconds("2021-05-27 00:00:01.250Z") == t::day0 + 1);
  CHECK(parsers::parse_iso_seconds("2021-05-27T00:00:02") == t::day0 + 2);
  CHECK(parsers::parse_iso_seconds("2021-05-26T23:00:00-01:00") == t::day0);
  for (const char* bad : {"", "2021-05-27", "2021-02-30T00:00:00Z", "2021-05-27T24:00:00Z",
                          "2021-05-27T00:00:00 junk", "2021/05/27T00:00:00Z"})
    CHECK_FALSE(parsers::parse_iso_seconds(bad));
}
