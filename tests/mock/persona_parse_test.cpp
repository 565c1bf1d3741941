// The persona bodies parse with iotprobe's own parsers into the fields devices.md
// documents (Realtek, WIFICAM, micro_httpd, Huawei, DD-WRT, …), and the hostile ones
// really are hostile to them. No sockets: bytes come from plan_reply / plan_ssdp.
#include "virtual_host.hpp"

#include "parsers/http/http_response.hpp"
#include "parsers/upnp/ssdp_reply.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::mock;
namespace p = iotprobe::parsers;

namespace {

struct device {
  const persona* who;
  virtual_host host;
};

device make(const std::string& name) {
  static const auto all = load_personas(default_personas_dir());
  const persona& per = all.at(name);
  return {&per, {&per, device_values_for_host(per, "127.20.1.1")}};
}

p::http_response fetch(const device& d, int port, const std::string& path) {
  auto plan = plan_reply(d.host, port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(plan);
  return p::parse_http_response(plan->bytes);
}

p::upnp_description describe(const device& d, int port, const std::string& path) {
  auto http = fetch(d, port, path);
  REQUIRE(http.status == p::probe_status::ok);
  REQUIRE(http.status_code == 200);
  return p::parse_upnp_description(http.body);
}

std::string search(const std::string& st) {
  return "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: " + st + "\r\n\r\n";
}

}  // namespace

TEST_CASE("Realtek miniigd picsdesc and 404 parse as devices.md 1b says", "[mock][parsers]") {
  auto d = make("logitec_router");
  auto http = fetch(d, 52869, "/picsdesc.xml");
  CHECK(http.version == "HTTP/1.1");
  CHECK(http.reason == "OK");
  CHECK(http.server() == std::optional<std::string_view>("miniupnpd/1.0 UPnP/1.0"));
  auto desc = p::parse_upnp_description(http.body);
  REQUIRE(desc.status == p::probe_status::ok);
  REQUIRE(desc.devices.size() == 3);
  CHECK(desc.root()->device_type == "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
  CHECK(desc.root()->manufacturer == "Realtek Semiconductor");
  CHECK(desc.root()->udn_parsed->normalized == "uuid:12342409-1234-1234-5678-ee1234cc5678");
  CHECK(desc.devices[2].model_name == "miniupnpd");
  CHECK(desc.devices[2].upc == "MINIUPNPD");
  CHECK(desc.devices[2].services.at(0).scpd_url == "/wanipcn.xml");
  CHECK(desc.root()->services.at(0).service_type == "urn:schemas-dummy-com:service:Dummy:1");
  auto nf = fetch(d, 52869, "/");
  CHECK(nf.status_code == 404);
  CHECK(nf.reason == "Not found");
  CHECK_FALSE(nf.server());
  CHECK(nf.body.find("The requested URL was not found on this server.") != std::string::npos);
}

TEST_CASE("Realtek wscd simplecfg yields the MAC-derived UDN and the Logitec fields", "[mock][parsers]") {
  auto d = make("logitec_router");
  auto http = fetch(d, 52881, "/simplecfg.xml");
  CHECK(http.server() == std::optional<std::string_view>("OS 1.0 UPnP/1.0 Realtek/V1.3"));
  auto desc = p::parse_upnp_description(http.body);
  REQUIRE(desc.status == p::probe_status::ok);
  const auto& root = *desc.root();
  CHECK(root.device_type == "urn:schemas-wifialliance-org:device:WFADevice:1");
  CHECK(root.manufacturer == "Logitec Corporation");
  CHECK(root.model_name == d.host.values.model);
  REQUIRE(root.udn_parsed);
  CHECK(root.udn_parsed->well_formed);
  CHECK(root.udn_parsed->normalized == d.host.values.uuid);
  CHECK(root.udn_parsed->mac == d.host.values.mac);
  CHECK(root.udn_parsed->mac->rfind("00:01:8e:", 0) == 0);
  auto generic = describe(make("realtek_generic"), 52881, "/simplecfg.xml");
  REQUIRE(generic.status == p::probe_status::ok);
  CHECK(generic.root()->friendly_name == "RTL8186 WFA Device");
  CHECK(generic.root()->udn_parsed->mac.has_value());
}

TEST_CASE("the Japanese web UI title decodes from Shift_JIS", "[mock][parsers]") {
  auto http = fetch(make("logitec_router"), 80, "/");
  REQUIRE(http.title);
  CHECK(http.title->utf8 == "ロジテック 無線LANルータ 設定画面");
  CHECK(http.charset == "shift_jis");
}

TEST_CASE("WIFICAM, micro_httpd, DD-WRT and the other families parse as devices.md says", "[mock][parsers]") {
  auto cam = fetch(make("wificam"), 81, "/");
  CHECK(cam.status_code == 401);
  CHECK(cam.server() == std::optional<std::string_view>("GoAhead-Webs"));
  REQUIRE(cam.auth);
  CHECK(cam.auth->scheme == "Digest");
  CHECK(cam.auth->realm == "GoAhead");
  CHECK(cam.auth->params.find("domain=\":81\"") != std::string::npos);
  CHECK(cam.auth->params.find("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"") != std::string::npos);

  auto micro = fetch(make("micro_httpd"), 80, "/");
  CHECK(micro.status_code == 200);
  CHECK(micro.reason == "Ok");
  CHECK(micro.server() == std::optional<std::string_view>("micro_httpd"));
  REQUIRE(micro.headers.size() >= 2);
  CHECK(micro.headers[0].name == "Server");
  CHECK(micro.headers[1].name == "Cache-Control");
  auto bcm = fetch(make("micro_httpd_auth"), 80, "/");
  REQUIRE(bcm.auth);
  CHECK(bcm.auth->scheme == "Basic");
  CHECK(bcm.auth->realm == "Broadband Router");

  auto dd = fetch(make("ddwrt"), 80, "/");
  CHECK(dd.reason == "Ok");
  CHECK(dd.server() == std::optional<std::string_view>("httpd"));
  REQUIRE(dd.title);
  CHECK(dd.title->utf8 == "DD-WRT (build 35030M) - Info");
  CHECK(dd.headers_named("Cache-Control").size() == 2);

  auto nvms = fetch(make("nvms9000"), 80, "/");
  CHECK(nvms.header("AuthInfo") == std::optional<std::string_view>(""));
  auto vigor = fetch(make("draytek_vigor"), 80, "/");
  CHECK(vigor.server() == std::optional<std::string_view>("DWS"));
  CHECK(vigor.title->utf8.rfind("Vigor ", 0) == 0);
  CHECK(fetch(make("gpon"), 80, "/").title->utf8 == "GPON Home Gateway");
  CHECK(fetch(make("xiongmai"), 80, "/").title->utf8 == "NETSurveillance WEB");
  auto cms = fetch(make("cms_web_viewer"), 80, "/");
  CHECK(cms.title->utf8 == "CMS Web Viewer");
  CHECK_FALSE(cms.server());
}

TEST_CASE("Huawei HG532: empty reason on 404, description on /upnpdev.xml", "[mock][parsers]") {
  auto d = make("huawei_hg532");
  auto nf = fetch(d, 37215, "/");
  CHECK(nf.status == p::probe_status::ok);
  CHECK(nf.status_code == 404);
  CHECK(nf.reason.empty());
  CHECK(nf.server() == std::optional<std::string_view>("Linux UPnP/1.0 Huawei-ATP-IGD"));
  auto desc = describe(d, 37215, "/upnpdev.xml");
  REQUIRE(desc.status == p::probe_status::ok);
  CHECK(desc.root()->manufacturer == "Huawei Technologies Co., Ltd.");
  CHECK(desc.root()->model_name == d.host.values.model);
  CHECK(desc.root()->udn_parsed->normalized == d.host.values.uuid);
  CHECK(desc.root()->services.at(0).control_url == "/ctrlu/WANPPPConnection_1");
}

TEST_CASE("SSDP replies parse, with LOCATION at the virtual host", "[mock][parsers]") {
  auto rt = make("realtek_igd_only");
  auto reply = p::parse_ssdp_reply(*plan_ssdp(rt.host, search("upnp:rootdevice")));
  CHECK(reply.status == p::probe_status::ok);
  CHECK(reply.location == "http://127.20.1.1:52869/picsdesc.xml");
  CHECK(reply.server == "miniupnpd/1.0 UPnP/1.0");
  CHECK(reply.usn == "uuid:12342409-1234-1234-5678-ee1234cc5678::upnp:rootdevice");
  CHECK(reply.ext);
  auto hw = make("huawei_hg532");
  auto hr = p::parse_ssdp_reply(*plan_ssdp(hw.host, search("upnp:rootdevice")));
  CHECK(hr.server == "Linux UPnP/1.0 Huawei-ATP-IGD");
  CHECK(hr.location == "http://127.20.1.1:37215/upnpdev.xml");
}

TEST_CASE("hostile personas are hostile to the parsers too", "[mock][parsers]") {
  CHECK(fetch(make("duplicate_status"), 80, "/").duplicated_status_line);
  CHECK_FALSE(fetch(make("space_in_header"), 80, "/").malformed_header_lines.empty());
  auto v09 = fetch(make("http09"), 80, "/");
  CHECK(v09.version.empty());
  CHECK(fetch(make("huge_body"), 80, "/").body_truncated);
  CHECK(fetch(make("huge_header"), 80, "/").headers_truncated);
  auto laughs = fetch(make("billion_laughs"), 52881, "/simplecfg.xml");
  auto laughs_desc = p::parse_upnp_description(laughs.body);
  CHECK((laughs_desc.status != p::probe_status::ok ||
         laughs_desc.root()->friendly_name.value_or("").size() < 100000));
  auto deep = fetch(make("deep_xml"), 52869, "/picsdesc.xml");
  CHECK(p::parse_upnp_description(deep.body).status != p::probe_status::ok);
  auto cut = fetch(make("truncated_xml"), 52869, "/picsdesc.xml");
  CHECK(p::parse_upnp_description(cut.body).status == p::probe_status::parse_error);
}
