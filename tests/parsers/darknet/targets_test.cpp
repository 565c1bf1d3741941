// Tests for the streaming target-list reader: each format from fixture files (text, the
// mirai-extract CSV, the mock fleet's CSV with BOM/CRLF, quoted CSV, TSV, JSON lines),
// de-duplication, bad lines, strict mode, overrides and format detection.
#include "parsers/darknet/targets.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace iotprobe::parsers;

namespace {

struct read_all {
  std::vector<target> targets;
  target_stats stats;
  std::vector<std::string> errors;
  bool failed = false;
  target_format format = target_format::auto_detect;
};

read_all drain(target_reader& reader) {
  read_all out;
  while (auto t = reader.next()) out.targets.push_back(*t);
  CHECK_FALSE(reader.next());  // stays at the end
  out.stats = reader.stats();
  out.errors = reader.errors();
  out.failed = reader.failed();
  out.format = reader.format();
  return out;
}

read_all read_fixture(const std::string& name, target_options options = {}) {
  std::ifstream in(std::string(IOTPROBE_FIXTURES_DIR) + "/targets/" + name, std::ios::binary);
  REQUIRE(in.good());
  target_reader reader(in, name, options);
  return drain(reader);
}

read_all read_text(const std::string& text, target_options options = {}) {
  std::istringstream in(text);
  target_reader reader(in, "mem", options);
  return drain(reader);
}

std::vector<std::string> ips(const read_all& r) {
  std::vector<std::string> out;
  for (const auto& t : r.targets) out.push_back(t.ip);
  return out;
}

}  // namespace

TEST_CASE("Plain text list: comments, blanks, IPv6, duplicates, bad lines", "[targets]") {
  const read_all r = read_fixture("plain.txt");
  CHECK(r.format == target_format::text);
  CHECK_FALSE(r.failed);
  CHECK(ips(r) == std::vector<std::string>{"198.51.100.7", "203.0.113.9", "2001:db8::1", "2001:db8::2"});
  CHECK(r.targets[0].line == 2);
  CHECK(r.targets[2].line == 5);
  CHECK_FALSE(r.targets[0].day);
  CHECK(r.stats.lines == 10);
  CHECK(r.stats.targets == 4);
  CHECK(r.stats.duplicates == 2);  // 198.51.100.7 again, and its ::ffff: form
  CHECK(r.stats.bad_lines == 2);
  CHECK(r.stats.comments == 1);
  CHECK(r.stats.blank == 1);
  CHECK(r.errors == std::vector<std::string>{"plain.txt:7: not an IP address: 'not-an-ip'",
                                             "plain.txt:8: not an IP address: '192.0.2.300'"});
}

TEST_CASE("mirai-extract CSV: extra columns ignored, first day kept", "[targets]") {
  const read_all r = read_fixture("mirai_extract.csv");
  CHECK(r.format == target_format::csv);
  REQUIRE(ips(r) == std::vector<std::string>{"198.51.100.7", "203.0.113.9", "192.0.2.44"});
  CHECK(r.targets[0].day == "2021-05-27");
  CHECK(r.targets[0].tag == "mirai");
  CHECK_FALSE(r.targets[0].country);
  CHECK(r.targets[2].day == "2021-05-28");
  CHECK(r.targets[2].line == 7);
  CHECK(r.stats.lines == 7);
  CHECK(r.stats.duplicates == 1);
  CHECK(r.errors == std::vector<std::string>{
                        "mirai_extract.csv:5: no ip value",
                        "mirai_extract.csv:6: not an IP address: '203.0.113.300'"});
}

TEST_CASE("Mock fleet CSV with BOM, CRLF, comment and blank lines", "[targets]") {
  const read_all r = read_fixture("mock_fleet_crlf_bom.csv");
  CHECK(r.format == target_format::csv);
  REQUIRE(ips(r) == std::vector<std::string>{"192.0.2.1", "192.0.2.2", "192.0.2.3"});
  CHECK(r.targets[0].country == "JP");
  CHECK(r.targets[0].tag == "mirai");
  CHECK_FALSE(r.targets[1].country);
  CHECK(r.targets[2].country == "US");
  CHECK_FALSE(r.targets[2].tag);
  CHECK(r.targets[2].line == 6);
  CHECK(r.stats.comments == 1);
  CHECK(r.stats.blank == 1);
  CHECK(r.errors.empty());
}

TEST_CASE("Quoted CSV fields and header names in any case", "[targets]") {
  const read_all r = read_fixture("quoted.csv");
  REQUIRE(ips(r) == std::vector<std::string>{"198.51.100.20", "198.51.100.21", "198.51.100.23"});
  CHECK(r.targets[0].country == "JP");
  CHECK(r.targets[0].tag == "mirai");
  CHECK(r.targets[1].country == "DE");
  CHECK(r.targets[1].tag == "mirai");
  CHECK_FALSE(r.targets[2].country);
  CHECK(r.errors == std::vector<std::string>{"quoted.csv:4: unterminated quoted field"});
}

TEST_CASE("TSV with saddr/date columns", "[targets]") {
  const read_all r = read_fixture("sources.tsv");
  CHECK(r.format == target_format::tsv);
  REQUIRE(ips(r) == std::vector<std::string>{"203.0.113.1", "2001:db8::a"});
  CHECK(r.targets[0].day == "2021-06-01");
  CHECK(r.targets[0].country == "JP");
  CHECK_FALSE(r.targets[1].country);
  CHECK(r.stats.duplicates == 1);
}

TEST_CASE("JSON lines: keys, numbers, nulls and bad rows", "[targets]") {
  const read_all r = read_fixture("sources.jsonl");
  CHECK(r.format == target_format::jsonl);
  REQUIRE(ips(r) == std::vector<std::string>{"198.51.100.30", "2001:db8::30", "198.51.100.33"});
  CHECK(r.targets[0].day == "2021-05-27");
  CHECK(r.targets[0].country == "JP");
  CHECK(r.targets[1].day == "20210527");
  CHECK_FALSE(r.targets[1].country);
  CHECK(r.targets[2].tag == "mirai");
  CHECK(r.stats.blank == 1);
  CHECK(r.stats.comments == 1);
  CHECK(r.errors == std::vector<std::string>{
                        "sources.jsonl:5: \"tag\" is not a string",
                        "sources.jsonl:6: \"ip\" is not a string",
                        "sources.jsonl:7: not a JSON object",
                        "sources.jsonl:8: not valid JSON",
                        "sources.jsonl:9: no ip value"});
}

TEST_CASE("A header without an ip column fails the reader at once", "[targets]") {
  const read_all r = read_fixture("no_ip_column.csv");
  CHECK(r.failed);
  CHECK(r.targets.empty());
  CHECK(r.stats.bad_lines == 1);
  CHECK(r.errors ==
        std::vector<std::string>{"no_ip_column.csv:1: the header names no ip, src_ip or saddr column"});
}

TEST_CASE("Strict mode stops at the first bad line", "[targets]") {
  target_options strict;
  strict.strict = true;
  const read_all r = read_fixture("plain.txt", strict);
  CHECK(r.failed);
  CHECK(ips(r) == std::vector<std::string>{"198.51.100.7", "203.0.113.9", "2001:db8::1"});
  CHECK(r.stats.lines == 7);
  CHECK(r.errors == std::vector<std::string>{"plain.txt:7: not an IP address: 'not-an-ip'"});
}

TEST_CASE("Format override and detection", "[targets]") {
  target_options as_jsonl;
  as_jsonl.format = target_format::jsonl;
  const read_all j = read_text("198.51.100.1\n", as_jsonl);
  CHECK(j.targets.empty());
  CHECK(j.errors == std::vector<std::string>{"mem:1: not valid JSON"});

  target_options as_csv;
  as_csv.format = target_format::csv;
  const read_all c = read_text("198.51.100.1\n198.51.100.2\n", as_csv);
  CHECK(c.failed);  // the first line is taken as the header
  CHECK(c.targets.empty());

  target_options as_text;
  as_text.format = target_format::text;
  const read_all t = read_text("day,ip\n2021-05-27,198.51.100.1\n", as_text);
  CHECK(t.targets.empty());
  CHECK(t.stats.bad_lines == 2);

  const read_all one_column = read_text("# list\nIP\n198.51.100.1\n");
  CHECK(one_column.format == target_format::csv);
  CHECK(ips(one_column) == std::vector<std::string>{"198.51.100.1"});

  const read_all empty = read_text("");
  CHECK(empty.format == target_format::auto_detect);
  CHECK(empty.stats.lines == 0);
  CHECK_FALSE(empty.failed);

  CHECK(target_format_from_string("auto") == target_format::auto_detect);
  CHECK(target_format_from_string("tsv") == target_format::tsv);
  CHECK_FALSE(target_format_from_string("xml"));
  CHECK(to_string(target_format::jsonl) == "jsonl");
}

TEST_CASE("multi-day input: one address on two days is two targets, one day at a time "
          "(issue 11 case 5)", "[targets][issue11]") {
  const std::string csv =
      "day,ip,tag\n2021-05-27,192.0.2.1,mirai\n2021-05-28,192.0.2.1,mirai\n"
      "2021-05-27,192.0.2.2,mirai\n,192.0.2.3,mirai\n2021-05-27,192.0.2.1,mirai\n";
  // Without per_day the address is one target (the first row wins), as before.
  CHECK(ips(read_text(csv)) == std::vector<std::string>{"192.0.2.1", "192.0.2.2", "192.0.2.3"});
  target_options per_day;
  per_day.per_day = true;
  const read_all all = read_text(csv, per_day);
  CHECK(ips(all) == std::vector<std::string>{"192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.3"});
  CHECK(all.stats.duplicates == 1);
  per_day.only_day = "2021-05-27";
  per_day.default_day = "2021-05-27";  // the row without a day belongs to --day
  const read_all first = read_text(csv, per_day);
  CHECK(ips(first) == std::vector<std::string>{"192.0.2.1", "192.0.2.2", "192.0.2.3"});
  CHECK(first.stats.other_days == 1);
  per_day.only_day = "2021-05-28";
  const read_all second = read_text(csv, per_day);
  CHECK(ips(second) == std::vector<std::string>{"192.0.2.1"});
  CHECK(second.targets[0].line == 3);
}
