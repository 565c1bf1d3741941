// The darknet counters a target list may carry (extract's CSV columns, or the same JSON
// keys): first/last seen, Mirai SYNs, their distinct destinations and destination ports
// reach the target; a count that is not a non-negative integer is absent, never a bad line.
#include "parsers/darknet/targets.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace iotprobe::parsers;

namespace {

std::vector<target> read_all(const std::string& text) {
  std::istringstream in(text);
  target_reader reader(in, "test");
  std::vector<target> out;
  while (auto t = reader.next()) out.push_back(std::move(*t));
  CHECK(reader.stats().bad_lines == 0);
  return out;
}

}  // namespace

TEST_CASE("targets: extract's CSV columns reach the target", "[targets][counters]") {
  const auto rows = read_all(
      "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag\n"
      "2021-05-27,203.0.113.7,42,4,0,3,2,2021-05-27T01:02:03Z,2021-05-27T05:06:07Z,mirai\n"
      "2021-05-27,203.0.113.8,-1,,0,0,x,,,mirai\n");
  REQUIRE(rows.size() == 2);
  const auto& c = rows[0].counters;
  CHECK(c.first_seen == "2021-05-27T01:02:03Z");
  CHECK(c.last_seen == "2021-05-27T05:06:07Z");
  CHECK(c.mirai_syns == 42u);
  CHECK(c.mirai_dsts == 4u);
  CHECK(c.dst_ports == 2u);
  const auto& bad = rows[1].counters;
  CHECK_FALSE(bad.mirai_syns);  // negative: absent
  CHECK_FALSE(bad.mirai_dsts);  // empty: absent
  CHECK_FALSE(bad.dst_ports);   // not a number: absent
  CHECK_FALSE(bad.first_seen);
}

TEST_CASE("targets: JSON lines carry the same keys; plain lists none", "[targets][counters]") {
  const auto rows = read_all(
      "{\"ip\": \"203.0.113.9\", \"mirai_syns\": 7, \"mirai_dsts\": 3, \"first_seen\": \"t0\"}\n"
      "{\"ip\": \"203.0.113.10\", \"mirai_syns\": 1.5}\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].counters.mirai_syns == 7u);
  CHECK(rows[0].counters.mirai_dsts == 3u);
  CHECK(rows[0].counters.first_seen == "t0");
  CHECK_FALSE(rows[1].counters.mirai_syns);
  const auto plain = read_all("203.0.113.11\n");
  REQUIRE(plain.size() == 1);
  CHECK_FALSE(plain[0].counters.first_seen);
  CHECK_FALSE(plain[0].counters.mirai_syns);
}
