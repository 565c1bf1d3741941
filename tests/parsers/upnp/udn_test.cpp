// Tests for UDN normalisation: prefix and case handling, the 8-4-4-4-12 check, and the
// Realtek forms that embed a MAC (WPS wscd; RTL8186_KB miniigd unless it is the default).
#include "parsers/upnp/udn.hpp"

#include <catch2/catch.hpp>

using iotprobe::parsers::normalize_udn;
using iotprobe::parsers::udn_info;
using iotprobe::parsers::udn_mac_kind;
using iotprobe::parsers::udn_not_per_device;

TEST_CASE("UDN prefix, case and whitespace are normalised", "[udn]") {
  const udn_info upper = normalize_udn("  UUID:12342409-1234-1234-5678-EE1234CC5678 \r\n");
  CHECK(upper.raw == "  UUID:12342409-1234-1234-5678-EE1234CC5678 \r\n");
  CHECK(upper.normalized == "uuid:12342409-1234-1234-5678-ee1234cc5678");
  CHECK(upper.well_formed);
  CHECK_FALSE(upper.mac);

  const udn_info bare = normalize_udn("2b38c15c-cb68-df90-3701-4f6df3dc9bb0");
  CHECK(bare.normalized == "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0");
  CHECK(bare.well_formed);

  const udn_info spaced = normalize_udn("uuid: 2b38c15c-cb68-df90-3701-4f6df3dc9bb0");
  CHECK(spaced.normalized == "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0");
  CHECK(spaced.well_formed);

  const udn_info mixed = normalize_udn("Uuid:ABCDEF01-2345-6789-ABCD-EF0123456789");
  CHECK(mixed.normalized == "uuid:abcdef01-2345-6789-abcd-ef0123456789");
}

TEST_CASE("Non-UUID UDNs are kept but not well formed", "[udn]") {
  const udn_info wemo = normalize_udn("uuid:Socket-1_0-221242K11xxxxx");
  CHECK(wemo.normalized == "uuid:socket-1_0-221242k11xxxxx");
  CHECK_FALSE(wemo.well_formed);
  CHECK_FALSE(wemo.mac);

  CHECK_FALSE(normalize_udn("uuid:12342409-1234-1234-5678-ee1234cc567").well_formed);    // 35
  CHECK_FALSE(normalize_udn("uuid:12342409-1234-1234-5678-ee1234cc56789").well_formed);  // 37
  CHECK_FALSE(normalize_udn("uuid:12342409+1234-1234-5678-ee1234cc5678").well_formed);
  CHECK_FALSE(normalize_udn("uuid:1234240g-1234-1234-5678-ee1234cc5678").well_formed);
  CHECK_FALSE(normalize_udn("uuid:roku:ecp:P0A070000007").well_formed);
  CHECK(normalize_udn("uuid:roku:ecp:P0A070000007").normalized == "uuid:roku:ecp:p0a070000007");
}

TEST_CASE("Empty UDNs normalise to an empty key", "[udn]") {
  for (const char* raw : {"", "   ", "uuid:", " UUID: \t"}) {
    INFO(raw);
    const udn_info info = normalize_udn(raw);
    CHECK(info.raw == raw);
    CHECK(info.normalized.empty());
    CHECK_FALSE(info.well_formed);
    CHECK_FALSE(info.mac);
  }
}

TEST_CASE("Realtek WPS UDN yields the WLAN MAC", "[udn]") {
  const udn_info wps = normalize_udn("uuid:63041253-1019-2006-1228-00E04C8196C1");
  CHECK(wps.normalized == "uuid:63041253-1019-2006-1228-00e04c8196c1");
  CHECK(wps.well_formed);
  CHECK(wps.mac == "00:e0:4c:81:96:c1");

  CHECK(normalize_udn("63041253-1019-2006-1228-00018e000001").mac == "00:01:8e:00:00:01");
  // An all-zero tail is an unset address, not a device identity.
  CHECK_FALSE(normalize_udn("uuid:63041253-1019-2006-1228-000000000000").mac);
  // Same prefix but not well formed: no MAC.
  CHECK_FALSE(normalize_udn("uuid:63041253-1019-2006-1228-00e04c8196c").mac);
  // Similar but different prefix.
  CHECK_FALSE(normalize_udn("uuid:63041253-1019-2006-1229-00e04c8196c1").mac);
}

TEST_CASE("RTL8186_KB miniigd UDN carries the eth1 MAC unless it is the shared default", "[udn]") {
  const udn_info kb = normalize_udn("uuid:82350000-4000-0000-0000-00E04C0A0B0C");
  CHECK(kb.well_formed);
  CHECK(kb.mac == "00:e0:4c:0a:0b:0c");

  const udn_info shared = normalize_udn("uuid:82350000-4000-0000-0000-000000000001");
  CHECK(shared.well_formed);
  CHECK_FALSE(shared.mac);

  // The RTL8186_GR default and the generic SDK default embed no MAC.
  CHECK_FALSE(normalize_udn("uuid:02350000-4000-0000-0000-000000000001").mac);
  CHECK_FALSE(normalize_udn("uuid:12342409-1234-1234-5678-ee1234cc5678").mac);
  CHECK_FALSE(normalize_udn("uuid:02350000-4000-0000-0000-00e04c0a0b0c").mac);
}

// Issue 11 case 3: a Realtek MAC-bearing UDN whose MAC no single unit owns is a default.
TEST_CASE("udn: unset, broadcast and multicast MACs are not per-device (issue 11 case 3)",
          "[udn][issue11]") {
  const auto zero = normalize_udn("uuid:63041253-1019-2006-1228-000000000000");
  CHECK(zero.mac_kind == udn_mac_kind::unset);
  CHECK(udn_not_per_device(zero) == std::optional<std::string_view>("mac_unset"));
  const auto broadcast = normalize_udn("uuid:63041253-1019-2006-1228-FFFFFFFFFFFF");
  CHECK(broadcast.mac_kind == udn_mac_kind::broadcast);
  CHECK_FALSE(broadcast.mac);
  CHECK(udn_not_per_device(broadcast) == std::optional<std::string_view>("mac_broadcast"));
  const auto multicast = normalize_udn("uuid:63041253-1019-2006-1228-01005e0000fb");
  CHECK(multicast.mac_kind == udn_mac_kind::multicast);
  CHECK(udn_not_per_device(multicast) == std::optional<std::string_view>("mac_multicast"));
  const auto kb_multicast = normalize_udn("uuid:82350000-4000-0000-0000-330000000001");
  CHECK(udn_not_per_device(kb_multicast) == std::optional<std::string_view>("mac_multicast"));
  const auto unicast = normalize_udn("uuid:63041253-1019-2006-1228-00e04c8196c1");
  CHECK(unicast.mac_kind == udn_mac_kind::unicast);
  CHECK_FALSE(udn_not_per_device(unicast));
  // A random node id in an RFC 4122 v1 UUID legally has the multicast bit: not our rule.
  const auto v1 = normalize_udn("uuid:5a9b3a10-1dd2-11b2-a000-030000000001");
  CHECK(v1.mac_kind == udn_mac_kind::none);
  CHECK_FALSE(udn_not_per_device(v1));
  // The KB builds' compiled-in default is on the known-defaults list, not a MAC rule.
  CHECK_FALSE(udn_not_per_device(normalize_udn("uuid:82350000-4000-0000-0000-000000000001")));
}
