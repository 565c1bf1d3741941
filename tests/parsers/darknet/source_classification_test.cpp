// mirai_report and mirai_survey_orgs: time zones, date/time formatting, the CIDR list
// and the CSV layout, checked on hand-made values.
#include "parsers/darknet/mirai_csv.hpp"
#include "parsers/darknet/source_classification.hpp"
#include "parsers/darknet/mirai_survey_orgs.hpp"

#include <catch2/catch.hpp>

namespace parsers = iotprobe::parsers;

TEST_CASE("report: --tz offsets", "[pcap][report]") {
  CHECK(parsers::parse_tz_offset("UTC") == 0);
  CHECK(parsers::parse_tz_offset("Z") == 0);
  CHECK(parsers::parse_tz_offset("+09:00") == 32400);
  CHECK(parsers::parse_tz_offset("-05:30") == -19800);
  CHECK(parsers::parse_tz_offset("+0900") == 32400);
  CHECK(parsers::parse_tz_offset("+09") == 32400);
  for (const char* bad : {"", "9", "09:00", "+24:00", "+09:60", "JST", "+9:00", "+09:0", "+0a:00"}) {
    INFO(bad);
    CHECK_FALSE(parsers::parse_tz_offset(bad).has_value());
  }
}

TEST_CASE("report: days and ISO-8601 times", "[pcap][report]") {
  CHECK(parsers::format_day(0) == "1970-01-01");
  CHECK(parsers::format_day(-1) == "1969-12-31");
  CHECK(parsers::format_day(18774) == "2021-05-27");
  CHECK(parsers::format_day(19417) == "2023-03-01");
  CHECK(parsers::format_time(1622073600, 0) == "2021-05-27T00:00:00Z");
  CHECK(parsers::format_time(1622073600, 32400) == "2021-05-27T09:00:00+09:00");
  CHECK(parsers::format_time(1622073600, -19800) == "2021-05-26T18:30:00-05:30");
  CHECK(parsers::format_ipv4(0xc0000201) == "192.0.2.1");
}

TEST_CASE("report: survey organisation CIDR list", "[pcap][report][scanner]") {
  const auto parsed = parsers::survey_org_list::parse(
      "# known survey organisations\n"
      "198.51.100.0/28  Example Survey Inc\r\n"
      "\n"
      "203.0.113.9,Other Org # trailing comment\n"
      "203.0.113.0/24\n"
      "2001:db8::/32 v6 org\n");
  REQUIRE_FALSE(parsed.error);
  CHECK(parsed.ignored_ipv6 == 1);
  CHECK(parsed.list.size() == 3);
  const auto* hit = parsed.list.find(0xc633640f);  // 198.51.100.15
  REQUIRE(hit != nullptr);
  CHECK(hit->name == "Example Survey Inc");
  CHECK(hit->prefix == 28);
  CHECK(parsed.list.find(0xc6336410) == nullptr);  // 198.51.100.16
  REQUIRE(parsed.list.find(0xcb007109) != nullptr);
  CHECK(parsed.list.find(0xcb007109)->name == "Other Org");  // the /32 beats the /24
  REQUIRE(parsed.list.find(0xcb00710a) != nullptr);
  CHECK(parsed.list.find(0xcb00710a)->name.empty());

  const auto bad = parsers::survey_org_list::parse("192.0.2.0/24 ok\n192.0.2.300/32 bad\n");
  REQUIRE(bad.error);
  CHECK(*bad.error == "line 2: not an IPv4 CIDR: '192.0.2.300/32'");
  CHECK(bad.list.empty());
  CHECK(parsers::survey_org_list::parse("192.0.2.0/33\n").error);
  CHECK_FALSE(parsers::parse_ipv4("1.2.3"));
  CHECK_FALSE(parsers::parse_ipv4("1.2.3.4.5"));
  CHECK(parsers::parse_ipv4("198.51.100.1") == 0xc6336401u);
}

TEST_CASE("report: CSV layout with country and org columns", "[pcap][report]") {
  parsers::source_row row;
  row.day = 18774;
  row.ip = 0xc0000201;
  row.mirai_syns = 3;
  row.other_syns = 1;
  row.udp = 2;
  row.dst_ports = 2;
  row.first_seen = 1622073600;
  row.last_seen = 1622073660;
  row.tag = parsers::source_tag::survey_org;
  row.country = "JP";
  row.org = "Survey, \"Inc\"";
  CHECK(parsers::format_source_csv({row}, {}) ==
        "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag\n"
        "2021-05-27,192.0.2.1,3,0,1,2,2,2021-05-27T00:00:00Z,2021-05-27T00:01:00Z,survey-org\n");
  parsers::csv_options both;
  both.tz_offset_seconds = 32400;
  both.country_column = true;
  both.org_column = true;
  CHECK(parsers::format_source_csv({row}, both) ==
        "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag,country,org\n"
        "2021-05-27,192.0.2.1,3,0,1,2,2,2021-05-27T09:00:00+09:00,2021-05-27T09:01:00+09:00,"
        "survey-org,JP,Survey   Inc \n");
}
