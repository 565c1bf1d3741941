// Issue 11 over our databases: several identified devices behind one address (each with
// its ports and its own identity), per-answer requirements, the anchored GPON title,
// Cross Web Server, certainty calibration, the minimum certainty and honeypot-like hosts.
#include "fusion_hosts.hpp"
#include "parsers/fingerprint/fusion.hpp"
#include "parsers/model/host_identity.hpp"
#include "parsers/upnp/udn.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace iotprobe::parsers;

namespace {

using iotprobe::testing::host_of;
using iotprobe::testing::http_answer;
using iotprobe::testing::ssdp_answer;

const fingerprint_engine& engine() { return iotprobe::testing::shipped_engine(); }

probe_result get_root(int port, std::vector<std::pair<std::string, std::string>> headers,
                      std::optional<std::string> title = {}) {
  return http_answer(port, probe_kind::get_root, 200, std::move(headers), std::move(title));
}

// A Realtek description: every field the wscd/miniigd templates fill in.
probe_result realtek_description(int port, const std::string& udn, const std::string& model) {
  upnp_device d;
  d.path = "0";
  d.device_type = "urn:schemas-wifialliance-org:device:WFADevice:1";
  d.friendly_name = "RTL8186 WFA Device";
  d.manufacturer = "Realtek Semiconductor";
  d.model_name = model;
  d.model_number = "RTL8186";
  d.udn = udn;
  d.udn_parsed = normalize_udn(udn);
  upnp_description doc;
  doc.status = probe_status::ok;
  doc.devices.push_back(d);
  probe_result p = http_answer(port, probe_kind::description, 200,
                               {{"Server", "OS 1.0 UPnP/1.0 Realtek/V1.3"}});
  p.path = "/simplecfg.xml";
  p.description = std::move(doc);
  return p;
}

const std::string wificam_digest =
    R"(Digest realm="GoAhead", domain=":81",qop="auth", nonce="0123456789abcdef0123456789abcdef", opaque="5ccc069c403ebaf9f0171e9517f40e41",algorithm="MD5", stale="FALSE")";

probe_result wificam_81() {
  return http_answer(81, probe_kind::get_root, 401,
                     {{"Server", "GoAhead-Webs"}, {"WWW-Authenticate", wificam_digest}});
}

const device_verdict* device_of(const verdict& v, const std::string& family) {
  const auto it = std::find_if(v.devices.begin(), v.devices.end(),
                               [&](const device_verdict& d) { return d.family == family; });
  return it == v.devices.end() ? nullptr : &*it;
}

const std::string router_udn = "uuid:63041253-1019-2006-1228-00018e1a2b3c";

}  // namespace

TEST_CASE("fusion: a router forwarding 81 to a camera is two devices with their ports "
          "(issue 11 case 1)", "[fusion][issue11]") {
  const host_result host = host_of({
      http_answer(52869, probe_kind::get_root, 404, {{"Server", "miniupnpd/1.0 UPnP/1.0"}}),
      realtek_description(52881, router_udn, "LAN-W300N/DR"), wificam_81()});
  const verdict v = classify_host(engine(), host);
  REQUIRE(v.devices.size() == 2);
  const auto* camera = device_of(v, "wificam");
  const auto* router = device_of(v, "logitec-router");
  REQUIRE(camera);
  REQUIRE(router);
  CHECK(camera->ports == std::vector<int>{81});
  CHECK(router->ports == std::vector<int>{52869, 52881});
  CHECK(router->vendor == "Logitec");
  CHECK(router->product == "LAN-W300N/DR");
  CHECK(camera->product == "WIFICAM");
  CHECK(camera->conflicts.empty());
  CHECK(router->conflicts.empty());  // the camera is another device, not a conflict
  // The top level stays the primary (most certain) device.
  CHECK(v.family == v.devices[0].family);
  CHECK(v.certainty == Approx(v.devices[0].certainty));
  CHECK(v.conflicts.empty());
  CHECK_FALSE(v.honeypot_like);
  // Each device gets the identity served on its own ports: the router its WPS UDN.
  const host_identity identity = identify_host(host, builtin_default_udns());
  const auto ids = identify_devices(identity, v);
  REQUIRE(ids.size() == 2);
  const std::size_t router_at = &v.devices[0] == router ? 0 : 1;
  REQUIRE(ids[router_at]);
  CHECK(ids[router_at]->udn == router_udn);
  CHECK_FALSE(ids[1 - router_at]);
}

TEST_CASE("fusion: conflicting evidence on one port stays one device with the conflict "
          "(issue 11 case 1)", "[fusion][issue11]") {
  const verdict v = classify_host(engine(), host_of({get_root(80, {{"Server", "micro_httpd"}},
                                                              "NETSurveillance WEB")}));
  REQUIRE(v.devices.size() == 1);
  CHECK(v.devices[0].family == "micro-httpd");
  CHECK(v.devices[0].ports == std::vector<int>{80});
  CHECK(v.devices[0].conflicts == std::vector<std::string>{"xiongmai (0.80)"});
}

TEST_CASE("fusion: 'no Server header' is judged per answer, not per port (issue 11 case 7)",
          "[fusion][issue11]") {
  // nginx's page with the title, plus a header-less 404 for a description path.
  const auto nginx_page = get_root(80, {{"Server", "nginx"}, {"Content-Type", "text/html"}},
                                   "CMS Web Viewer");
  const auto bare_404 = http_answer(80, probe_kind::description, 404, {{"Content-Type", "text/html"}});
  const verdict mixed = classify_host(engine(), host_of({nginx_page, bare_404}));
  CHECK_FALSE(mixed.family);
  CHECK(mixed.devices.empty());
  // The real device: its own page has no Server header.
  const verdict real = classify_host(
      engine(), host_of({get_root(80, {{"Content-Type", "text/html"}}, "CMS Web Viewer"), bare_404}));
  CHECK(real.family == "cms-web-viewer");
}

TEST_CASE("fusion: the GPON title rule is anchored (issue 11 case 7)", "[fusion][issue11]") {
  CHECK(classify_host(engine(), host_of({get_root(8080, {}, "GPON Home Gateway")})).family == "gpon");
  CHECK(classify_host(engine(), host_of({get_root(8080, {}, "GPON\nHome Gateway")})).family == "gpon");
  CHECK_FALSE(classify_host(engine(), host_of({get_root(8080, {}, "Not a GPON Home Gateway clone")})).family);
  CHECK_FALSE(classify_host(engine(), host_of({get_root(8080, {}, "GPON Home Gateway Emulator")})).family);
}

TEST_CASE("fusion: Cross Web Server alone is not nvms-9000 (issue 11 case 7)", "[fusion][issue11]") {
  const verdict cross = classify_host(engine(), host_of({get_root(80, {{"Server", "Cross Web Server"}})}));
  CHECK_FALSE(cross.family);
  CHECK(cross.devices.empty());
  // TVT's own AuthInfo header still names NVMS-9000.
  const verdict tvt = classify_host(
      engine(), host_of({get_root(80, {{"Server", "Cross Web Server"}, {"AuthInfo", ""}})}));
  CHECK(tvt.family == "nvms-9000");
}

TEST_CASE("fusion: correlated fields from one template count once (issue 11 case 7)",
          "[fusion][issue11]") {
  const std::string udn = "uuid:63041253-1019-2006-1228-74da38123456";
  // Server, UDN, deviceType, friendlyName, manufacturer, modelName, modelNumber: one answer.
  const verdict one = classify_host(engine(), host_of({realtek_description(
                                                  52881, udn, "Simple Config UPnP Proxy Version 1.0")}));
  REQUIRE(one.family == "realtek-sdk-router");
  CHECK(one.certainty == Approx(0.9));  // the best field (the WPS UDN), not 1 - 0.1·0.2·0.3·…
  // A second daemon on another port is a second source.
  const verdict two = classify_host(
      engine(), host_of({http_answer(52869, probe_kind::get_root, 404, {{"Server", "miniupnpd/1.0 UPnP/1.0"}}),
                         realtek_description(52881, udn, "Simple Config UPnP Proxy Version 1.0")}));
  CHECK(two.certainty == Approx(1 - 0.4 * 0.1));
}

TEST_CASE("fusion: below the minimum certainty a host is unidentified (issue 11 case 7)",
          "[fusion][issue11]") {
  // 0.4: honeypots use this header.
  const host_result host = host_of({ssdp_answer("DrayTek/Vigor2960 UPnP/1.0 miniupnpd/1.0", {})});
  const verdict v = classify_host(engine(), host);
  CHECK_FALSE(v.family);
  CHECK(v.devices.empty());
  CHECK(v.below_threshold == std::vector<std::string>{"draytek-vigor (0.40)"});
  fusion_options lenient;
  lenient.min_certainty = 0.3;
  CHECK(classify_host(engine(), host, lenient).family == "draytek-vigor");
}

TEST_CASE("fusion: three or more families on one address are honeypot-like (issue 11 case 7)",
          "[fusion][issue11]") {
  const auto cms = get_root(80, {{"Content-Type", "text/html"}}, "CMS Web Viewer");
  const auto gpon = get_root(8080, {{"Server", "Boa"}}, "GPON Home Gateway");
  const verdict three = classify_host(engine(), host_of({cms, gpon, wificam_81()}));
  CHECK(three.devices.size() == 3);
  CHECK(three.honeypot_like);
  const verdict two = classify_host(engine(), host_of({cms, wificam_81()}));
  CHECK(two.devices.size() == 2);
  CHECK_FALSE(two.honeypot_like);
  fusion_options off;
  off.honeypot_families = 0;
  CHECK_FALSE(classify_host(engine(), host_of({cms, gpon, wificam_81()}), off).honeypot_like);
}

TEST_CASE("identity: an SSDP USN is a weaker key for a host without a description "
          "(issue 11)", "[fusion][identity][issue11]") {
  host_result host =
      host_of({ssdp_answer({}, "uuid:2B38C15C-CB68-DF90-3701-4F6DF3DC9BB0::upnp:rootdevice")});
  const host_identity only_usn = identify_host(host, builtin_default_udns());
  REQUIRE(only_usn.chosen());
  CHECK(only_usn.chosen()->udn == "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0");
  CHECK(only_usn.chosen()->kind == identity_kind::ssdp_usn);
  // With the description fetched, the same key is a UDN (one candidate, the stronger kind).
  host.probes.push_back(realtek_description(52881, "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0", "X"));
  const host_identity both = identify_host(host, builtin_default_udns());
  REQUIRE(both.candidates.size() == 1);
  CHECK(both.chosen()->kind == identity_kind::udn);
  CHECK(both.chosen()->port == 52881);
}

TEST_CASE("identity: a zero-MAC WPS UDN is shared by construction (issue 11 case 3)",
          "[fusion][identity][issue11]") {
  const host_result host = host_of({realtek_description(
      52881, "uuid:63041253-1019-2006-1228-000000000000", "Simple Config UPnP Proxy Version 1.0")});
  const host_identity id = identify_host(host, builtin_default_udns());
  REQUIRE(id.chosen());
  CHECK(id.chosen()->shared_rule == std::optional<std::string>("mac_unset"));
  CHECK_FALSE(id.chosen()->known_default);
}
