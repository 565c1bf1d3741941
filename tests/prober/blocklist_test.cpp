// Unit tests for prober/blocklist: CIDR parsing (v4, v6, mapped), the shipped IANA list,
// and the policy "allow overrides the built-in list, never a user exclude".
#include "config/settings.hpp"
#include "prober/blocklist.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace iotprobe::prober;

TEST_CASE("parse_cidr accepts v4, v6 and bare addresses and refuses junk", "[blocklist]") {
  const auto a = parse_cidr("192.0.2.0/24");
  REQUIRE(a);
  CHECK(a->last - a->first == 255);
  const auto b = parse_cidr(" 2001:db8::/32 ");
  REQUIRE(b);
  CHECK((b->last - b->first) == ((address_key_t{1} << 96) - 1));
  const auto c = parse_cidr("198.51.100.7");
  REQUIRE(c);
  CHECK(c->first == c->last);
  CHECK(c->first == address_key(boost::asio::ip::make_address("::ffff:198.51.100.7")));
  CHECK_FALSE(parse_cidr("192.0.2.0/33"));
  CHECK_FALSE(parse_cidr("2001:db8::/129"));
  CHECK_FALSE(parse_cidr("192.0.2"));
  CHECK_FALSE(parse_cidr("example.org"));
  CHECK_FALSE(parse_cidr("192.0.2.0/"));
  CHECK_FALSE(parse_cidr(""));
}

TEST_CASE("the shipped blocklist refuses IANA special-purpose v4 and v6", "[blocklist]") {
  blocklist blocks;
  blocks.load_reserved_file(iotprobe::config::default_config_dir() + "/blocklist.conf");
  CHECK(blocks.reserved_ranges() >= 30);
  for (const char* ip : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                         "169.254.1.1", "192.0.2.1", "198.51.100.1", "203.0.113.9", "198.18.0.1",
                         "224.0.0.1", "240.0.0.1", "255.255.255.255", "0.0.0.0", "::1", "::",
                         "fe80::1", "fc00::1", "2001:db8::1", "ff02::1", "64:ff9b::1",
                         "::ffff:10.0.0.1", "::ffff:127.0.0.1"}) {
    INFO(ip);
    const auto c = blocks.check(std::string_view(ip));
    CHECK(c.reason == block_reason::reserved);
    CHECK(c.detail.find("blocklist.conf") != std::string::npos);
  }
  CHECK(blocks.check(std::string_view("not-an-ip")).reason == block_reason::bad_address);
  CHECK(blocks.check(std::string_view("")).reason == block_reason::bad_address);
}

TEST_CASE("allow lets a reserved range through; a user exclude always wins", "[blocklist]") {
  blocklist blocks;
  blocks.add_reserved("127.0.0.0/8");
  blocks.add_reserved("2001:db8::/32");
  blocks.add_allow("127.0.0.0/8");
  blocks.add_exclude("127.0.9.0/24");
  blocks.add_exclude("2001:db8:1::/48");
  CHECK(blocks.check(std::string_view("127.0.0.5")).allowed());
  CHECK(blocks.check(std::string_view("::ffff:127.0.0.5")).allowed());
  CHECK(blocks.check(std::string_view("127.0.9.9")).reason == block_reason::excluded);
  CHECK(blocks.check(std::string_view("2001:db8::5")).reason == block_reason::reserved);
  CHECK(blocks.check(std::string_view("2001:db8:1::5")).reason == block_reason::excluded);
  blocks.add_allow("2001:db8::/32");
  CHECK(blocks.check(std::string_view("2001:db8::5")).allowed());
  CHECK(blocks.check(std::string_view("2001:db8:1::5")).reason == block_reason::excluded);
  CHECK_THROWS_AS(blocks.add_allow("127.0.0.0/99"), std::invalid_argument);
}

TEST_CASE("overlapping ranges merge and lookups stay exact at the edges", "[blocklist]") {
  range_set set;
  set.add(*parse_cidr("198.51.100.0/25"));
  set.add(*parse_cidr("198.51.100.64/26"));
  set.add(*parse_cidr("203.0.113.8/29"));
  const auto key = [](const char* ip) { return address_key(boost::asio::ip::make_address(ip)); };
  CHECK(set.find(key("198.51.100.0")));
  CHECK(set.find(key("198.51.100.127")));
  CHECK_FALSE(set.find(key("198.51.100.128")));
  CHECK_FALSE(set.find(key("203.0.113.7")));
  CHECK(set.find(key("203.0.113.8")));
  CHECK(set.find(key("203.0.113.15")));
  CHECK_FALSE(set.find(key("203.0.113.16")));
  CHECK(set.size() == 2);
}

TEST_CASE("a malformed blocklist line is an error naming file and line", "[blocklist]") {
  const std::string path = std::string(IOTPROBE_BINARY_DIR) + "/blocklist_test_bad.conf";
  {
    std::ofstream out(path);
    out << "# comment\n192.0.2.0/24  # fine\n\nnot-a-cidr\n";
  }
  blocklist blocks;
  CHECK_THROWS_WITH(blocks.load_exclude_file(path), Catch::Contains("blocklist_test_bad.conf:4"));
  std::remove(path.c_str());
}
