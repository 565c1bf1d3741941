// Tests for the UPnP parser on hostile documents: each malformed one must be a clear
// parse_error with an offset and never a partial result; entities are never expanded;
// depth, byte and device caps hold without recursion.
#include "tests/parsers/http/http_fixture.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>

using iotprobe::parsers::parse_upnp_description;
using iotprobe::parsers::probe_status;
using iotprobe::parsers::upnp_description;
using iotprobe::parsers::upnp_limits;

namespace {

std::string hostile_fixture(const std::string& name) {
  return iotprobe::testing::read_http_fixture("upnp/" + name);
}

upnp_description parse_hostile(const std::string& name) {
  return parse_upnp_description(hostile_fixture(name));
}

// A document whose element nesting is exactly `depth` (root = 1, device = 2).
std::string nested_document(std::size_t depth) {
  std::string xml = "<root><device>";
  for (std::size_t i = 2; i < depth; ++i) xml += "<x>";
  for (std::size_t i = 2; i < depth; ++i) xml += "</x>";
  return xml + "</device></root>";
}

}  // namespace

TEST_CASE("Malformed documents are parse_error with the offset, never partial", "[upnp][hostile]") {
  struct expected_error {
    const char* file;
    const char* detail;
    std::ptrdiff_t offset;
  };
  const expected_error cases[] = {
      {"hostile_bare_amp.xml", "undefined entity or bare '&' at offset 94", 94},
      {"hostile_unbound_prefix.xml", "unbound namespace prefix 'u' at offset 23", 23},
      {"hostile_garbage_after_root.xml", "content outside the document element at offset 127", 127},
      {"hostile_truncated.xml", "Start-end tags mismatch at offset 1499", 1499},
      {"not_root.xml", "document element is <html>, not <root> at offset 23", 23},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    const upnp_description d = parse_hostile(c.file);
    CHECK(d.status == probe_status::parse_error);
    CHECK(d.detail == c.detail);
    CHECK(d.error_offset == c.offset);
    CHECK(d.devices.empty());
    CHECK_FALSE(d.url_base);
  }
  // The offsets point at the offending bytes.
  CHECK(hostile_fixture("hostile_bare_amp.xml").substr(94, 3) == "&T ");
  CHECK(hostile_fixture("hostile_garbage_after_root.xml").substr(127, 8) == "HTTP/1.1");
}

TEST_CASE("Billion laughs: custom entities are never expanded", "[upnp][hostile]") {
  const auto start = std::chrono::steady_clock::now();
  const upnp_description d = parse_hostile("hostile_billion_laughs.xml");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(d.status == probe_status::parse_error);
  CHECK(d.detail == "undefined entity or bare '&' at offset 832");
  CHECK(hostile_fixture("hostile_billion_laughs.xml").substr(832, 6) == "&lol9;");
  CHECK(d.devices.empty());
  CHECK(elapsed < std::chrono::seconds(10));  // 10^9 "lol"s would take minutes and GBs

  const upnp_description external = parse_upnp_description(
      "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<root><device><friendlyName>&x;</friendlyName></device></root>");
  CHECK(external.status == probe_status::parse_error);
  CHECK(external.devices.empty());
}

TEST_CASE("Nesting is capped without recursion", "[upnp][hostile]") {
  const upnp_description deep = parse_hostile("hostile_deep_10000.xml");
  CHECK(deep.status == probe_status::parse_error);
  CHECK(deep.detail == "nesting deeper than 32 elements at offset 375");
  CHECK(deep.devices.empty());

  CHECK(parse_upnp_description(nested_document(32)).status == probe_status::ok);
  const upnp_description over = parse_upnp_description(nested_document(33));
  CHECK(over.status == probe_status::parse_error);
  CHECK(over.detail.rfind("nesting deeper than 32 elements", 0) == 0);

  // As deep as the byte cap allows: pugixml parses it iteratively and so do we.
  const std::size_t levels = (256 * 1024) / 7;
  std::string deepest;
  for (std::size_t i = 0; i < levels; ++i) deepest += "<a>";
  for (std::size_t i = 0; i < levels; ++i) deepest += "</a>";
  const upnp_description max_deep = parse_upnp_description(deepest);
  CHECK(max_deep.status == probe_status::parse_error);
  CHECK(max_deep.error_offset == 3 * 32 + 1);
}

TEST_CASE("Byte and device caps", "[upnp][hostile]") {
  const upnp_description big = parse_hostile("hostile_1mb.xml");
  CHECK(big.status == probe_status::too_large);
  CHECK(big.detail == "document of 1048714 bytes exceeds the 262144 byte cap");
  CHECK(big.devices.empty());

  const upnp_description many = parse_hostile("hostile_100_devices.xml");
  REQUIRE(many.status == probe_status::ok);
  CHECK(many.devices_truncated);
  REQUIRE(many.devices.size() == 64);
  CHECK(many.devices[0].path == "0");
  CHECK(many.devices[1].path == "0.0");
  CHECK(many.devices[1].friendly_name == "dev0");
  CHECK(many.devices[63].path == "0.62");
  CHECK(many.devices[63].friendly_name == "dev62");

  upnp_limits small;
  small.max_document_bytes = 100;
  small.max_devices = 2;
  CHECK(parse_upnp_description(hostile_fixture("realtek_simplecfg.xml"), small).status ==
        probe_status::too_large);
  small.max_document_bytes = 256 * 1024;
  const upnp_description two = parse_upnp_description(hostile_fixture("huawei_hg630.xml"), small);
  REQUIRE(two.status == probe_status::ok);
  CHECK(two.devices.size() == 2);
  CHECK(two.devices_truncated);
}

TEST_CASE("Other malformed or empty inputs", "[upnp][hostile]") {
  CHECK(parse_upnp_description("").status == probe_status::parse_error);
  CHECK(parse_upnp_description("   \r\n").status == probe_status::parse_error);
  CHECK(parse_upnp_description(std::string("\x00\x01\x02garbage", 10)).status ==
        probe_status::parse_error);
  const std::string nul_inside("<root><device><friendlyName>a\0b</friendlyName></device></root>", 62);
  const upnp_description nul = parse_upnp_description(nul_inside);
  CHECK(nul.status == probe_status::parse_error);  // pugixml stops at NUL: never a partial result
  CHECK(nul.devices.empty());
  const upnp_description no_device = parse_upnp_description("<root><URLBase>x</URLBase></root>");
  CHECK(no_device.status == probe_status::parse_error);
  CHECK(no_device.detail == "no <device> in <root> at offset 1");
  const upnp_description bad_numeric =
      parse_upnp_description("<root><device><UDN>&#xZZ;</UDN></device></root>");
  CHECK(bad_numeric.status == probe_status::parse_error);
  CHECK(bad_numeric.error_offset == 19);
  const upnp_description attr_prefix =
      parse_upnp_description("<root><device q:a=\"1\"><UDN>x</UDN></device></root>");
  CHECK(attr_prefix.detail == "unbound namespace prefix 'q' at offset 7");
  const upnp_description two_roots =
      parse_upnp_description("<root><device/></root><root><device/></root>");
  CHECK(two_roots.status == probe_status::parse_error);
  CHECK(two_roots.error_offset == 23);
  const upnp_description numeric =
      parse_upnp_description("<root><device><friendlyName>A&#66;&#x43;&lt;</friendlyName></device></root>");
  REQUIRE(numeric.status == probe_status::ok);
  CHECK(numeric.devices[0].friendly_name == "ABC<");
}

TEST_CASE("Mutated documents give a whole result or a clean error, never a partial one",
          "[upnp][hostile]") {
  const std::string original = hostile_fixture("realtek_picsdesc_belkin.xml");
  const std::string specials = "<>&/\"'=;:!?[]-\0\xff";
  std::mt19937 random(20210527);
  int ok = 0, errors = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string doc = original;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !doc.empty(); ++e) {
      const std::size_t at = random() % doc.size();
      switch (random() % 3) {
        case 0: doc[at] = specials[random() % specials.size()]; break;
        case 1: doc.erase(at, 1 + random() % 16); break;
        default: doc.resize(at); break;
      }
    }
    INFO(round);
    const upnp_description d = parse_upnp_description(doc);
    if (d.status == probe_status::ok) {
      ++ok;
      REQUIRE_FALSE(d.devices.empty());
      CHECK(d.devices[0].path == "0");
      CHECK(d.error_offset == -1);
    } else {
      ++errors;
      REQUIRE(d.status == probe_status::parse_error);
      CHECK(d.devices.empty());
      CHECK_FALSE(d.url_base);
      CHECK(d.error_offset >= 0);
      CHECK(d.error_offset <= static_cast<std::ptrdiff_t>(doc.size()));
    }
  }
  CHECK(ok > 100);      // many edits land in text and keep the document well formed
  CHECK(errors > 1000);
}
