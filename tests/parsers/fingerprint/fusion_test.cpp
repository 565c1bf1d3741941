// Fusion over our databases with hand-built host results: two-evidence rules (WIFICAM,
// CMS Web Viewer, DD-WRT) as data, Realtek-SDK vs Logitec certainty, conflicts, and
// generic databases that add detail but never decide or override a family.
#include "fusion_hosts.hpp"
#include "parsers/fingerprint/fusion.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace iotprobe::parsers;

namespace {

const fingerprint_engine& engine() {
  static const fingerprint_engine e = [] {
    auto loaded = fingerprint_engine::load({IOTPROBE_SOURCE_DIR "/config/fingerprints"});
    // A stand-in for a Recog generic database: detail only, no iot.family.
    loaded.add(fingerprint_db::parse(R"xml(<fingerprints matches="http_header.server"
        protocol="http" preference="0.90">
      <fingerprint pattern="^Linux UPnP/1\.0 Huawei-ATP-IGD$"><description>generic ATP</description>
        <param pos="0" name="hw.vendor" value="SomeOEM"/>
        <param pos="0" name="hw.version" value="9.9"/></fingerprint>
      <fingerprint pattern="^Apache/([\d.]+)"><description>Apache</description>
        <param pos="0" name="service.vendor" value="Apache"/>
        <param pos="1" name="service.version"/></fingerprint>
      </fingerprints>)xml", "generic.xml", "."));
    return loaded;
  }();
  return e;
}

probe_result http_probe(int port, std::vector<std::pair<std::string, std::string>> headers,
                        std::optional<std::string> title = {}, std::string body = {}) {
  probe_result p = iotprobe::testing::http_answer(port, probe_kind::get_root, 200,
                                                  std::move(headers), std::move(title));
  p.http->body = std::move(body);
  return p;
}

upnp_device device(std::string manufacturer, std::string model, std::string udn) {
  upnp_device d;
  d.path = "0";
  d.manufacturer = std::move(manufacturer);
  d.model_name = std::move(model);
  d.udn = std::move(udn);
  return d;
}

probe_result upnp_probe(int port, std::vector<upnp_device> devices) {
  return iotprobe::testing::description_answer(port, std::move(devices));
}

verdict classify(std::vector<probe_result> probes) {
  return classify_host(engine(), iotprobe::testing::host_of(std::move(probes)));
}

const std::string wificam_digest =
    R"(Digest realm="GoAhead", domain=":81",qop="auth", nonce="0123456789abcdef0123456789abcdef", opaque="5ccc069c403ebaf9f0171e9517f40e41",algorithm="MD5", stale="FALSE")";

bool has_evidence(const verdict& v, const std::string& field, int port) {
  return std::any_of(v.evidence.begin(), v.evidence.end(),
                     [&](const evidence& e) { return e.field == field && e.port == port; });
}

}  // namespace

TEST_CASE("WIFICAM needs the GoAhead server and the :81 digest on one port", "[fusion]") {
  const auto v = classify({http_probe(81, {{"Server", "GoAhead-Webs"},
                                           {"WWW-Authenticate", wificam_digest}})});
  REQUIRE(v.family);
  CHECK(*v.family == "wificam");
  CHECK(v.certainty == Approx(0.9));
  CHECK(v.product == "WIFICAM");
  CHECK(v.conflicts.empty());
  const auto digest = std::find_if(v.evidence.begin(), v.evidence.end(),
                                   [](const evidence& e) { return e.field == "http_header.wwwauth"; });
  REQUIRE(digest != v.evidence.end());
  CHECK(digest->port == 81);
  CHECK(to_string(digest->probe) == "get_root");
  CHECK(digest->database == "iot_http_wwwauth.xml");
  CHECK(digest->params.at("iot.family") == "wificam");

  const auto no_server = classify({http_probe(81, {{"Server", "nginx"},
                                                   {"WWW-Authenticate", wificam_digest}})});
  CHECK_FALSE(no_server.family);
  CHECK(no_server.certainty == 0.0);
  CHECK(std::any_of(no_server.evidence.begin(), no_server.evidence.end(), [](const evidence& e) {
    return e.params.count("iot.unmet") && e.params.at("iot.unmet") == "goahead-server";
  }));

  const auto split_ports = classify({http_probe(80, {{"Server", "GoAhead-Webs"}}),
                                     http_probe(81, {{"WWW-Authenticate", wificam_digest}})});
  CHECK_FALSE(split_ports.family);
}

TEST_CASE("CMS Web Viewer needs no Server header or lighttpd/1.4.54", "[fusion]") {
  CHECK(classify({http_probe(80, {{"Content-Type", "text/html"}}, "CMS Web Viewer")}).family ==
        "cms-web-viewer");
  CHECK(classify({http_probe(80, {{"Server", "lighttpd/1.4.54"}}, "CMS Web Viewer")}).family ==
        "cms-web-viewer");
  CHECK_FALSE(classify({http_probe(80, {{"Server", "Apache/2.4.1"}}, "CMS Web Viewer")}).family);
}

TEST_CASE("DD-WRT needs Server: httpd and an '- Info' title", "[fusion]") {
  const auto v = classify({http_probe(80, {{"Server", "httpd"}}, "DD-WRT (build 35030M) - Info")});
  REQUIRE(v.family);
  CHECK(*v.family == "dd-wrt");
  CHECK(v.version == "35030M");
  CHECK(v.certainty == Approx(0.9));
  CHECK_FALSE(classify({http_probe(80, {{"Server", "nginx"}}, "DD-WRT (build 1) - Info")}).family);
}

TEST_CASE("Realtek evidence says realtek-sdk-router; only Logitec evidence says Logitec",
          "[fusion][realtek]") {
  const auto picsdesc = upnp_probe(52869, {device("Realtek Semiconductor", "IGD",
                                                  "uuid:12342409-1234-1234-5678-ee1234cc5678")});
  const auto wps = [](const std::string& mac) {
    return upnp_probe(52881, {device("Realtek Semiconductor", "Simple Config UPnP Proxy Version 1.0",
                                     "uuid:63041253-1019-2006-1228-" + mac)});
  };
  const auto realtek = classify({picsdesc, wps("74da38123456")});
  REQUIRE(realtek.family);
  CHECK(*realtek.family == "realtek-sdk-router");
  CHECK(realtek.certainty > 0.95);
  CHECK(realtek.vendor == "Realtek");
  CHECK(realtek.conflicts.empty());

  const auto by_oui = classify({picsdesc, wps("00018e1a2b3c")});
  REQUIRE(by_oui.family);
  CHECK(*by_oui.family == "logitec-router");
  CHECK(by_oui.vendor == "Logitec");
  CHECK(by_oui.certainty == Approx(0.6));  // the OUI alone: weaker than the Realtek verdict
  CHECK(by_oui.certainty < realtek.certainty);
  CHECK(by_oui.conflicts.empty());  // Logitec refines Realtek-SDK: no conflict

  const auto by_model = classify({upnp_probe(52881, {device("Logitec Corporation", "LAN-W300N/DR",
                                                            "uuid:63041253-1019-2006-1228-00018e000001")})});
  CHECK(by_model.family == "logitec-router");
  CHECK(by_model.product == "LAN-W300N/DR");
  CHECK(by_model.certainty == Approx(0.95));  // one description: its best field, not a product
}

TEST_CASE("two families on one port: the stronger wins, the other is a conflict", "[fusion]") {
  const auto v = classify({http_probe(80, {{"Server", "micro_httpd"}}, "NETSurveillance WEB")});
  REQUIRE(v.family);
  CHECK(*v.family == "micro-httpd");
  REQUIRE(v.conflicts.size() == 1);
  CHECK(v.conflicts[0] == "xiongmai (0.80)");
  CHECK_FALSE(v.vendor);  // Xiongmai's hw.vendor belongs to the losing family
  REQUIRE(v.devices.size() == 1);
  CHECK(v.devices[0].conflicts == v.conflicts);
}

TEST_CASE("generic databases add detail but never decide or override", "[fusion]") {
  const auto apache = classify({http_probe(80, {{"Server", "Apache/2.4.1"}}, "Welcome")});
  CHECK_FALSE(apache.family);
  CHECK(apache.certainty == 0.0);
  CHECK(has_evidence(apache, "http_header.server", 80));

  const auto huawei = classify({http_probe(37215, {{"Server", "Linux UPnP/1.0 Huawei-ATP-IGD"}}),
                                upnp_probe(37215, {device("Huawei Technologies Co., Ltd.", "HG532e",
                                                          "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0")})});
  REQUIRE(huawei.family);
  CHECK(*huawei.family == "huawei-hg532");
  CHECK(huawei.vendor == "Huawei");   // not the generic DB's "SomeOEM"
  CHECK(huawei.product == "HG532e");
  CHECK(huawei.version == "9.9");     // a gap the generic database fills
  CHECK(huawei.conflicts.empty());
}

TEST_CASE("more families from the seed list", "[fusion]") {
  CHECK(classify({http_probe(80, {{"Content-Type", "text/xml"}, {"AuthInfo", ""}})}).family ==
        "nvms-9000");
  CHECK(classify({http_probe(8080, {}, "GPON Home Gateway")}).family == "gpon");
  const auto vigor = classify({http_probe(443, {{"Server", "DWS"}}, "Vigor 2960")});
  CHECK(vigor.family == "draytek-vigor");
  CHECK(vigor.product == "Vigor2960");
  CHECK(vigor.certainty == Approx(0.6));  // Server and title of one answer count once
  const auto micro = classify({http_probe(80, {{"Server", "micro_httpd"},
                                               {"WWW-Authenticate", R"(Basic realm="Broadband Router")"}})});
  CHECK(micro.family == "micro-httpd");
  CHECK(micro.certainty == Approx(0.9));
  const auto xm = classify({http_probe(80, {{"Server", "uc-httpd 1.0.0"}}, "NETSurveillance WEB")});
  CHECK(xm.family == "xiongmai");
  CHECK(xm.vendor == "Xiongmai");
  CHECK(xm.certainty == Approx(0.85));
}

TEST_CASE("answers that did not parse contribute nothing", "[fusion]") {
  auto broken = http_probe(80, {{"Server", "micro_httpd"}});
  broken.http->status = probe_status::not_http;
  const auto v = classify({broken});
  CHECK_FALSE(v.family);
  CHECK(v.evidence.empty());
}

TEST_CASE("classify_single fingerprints one saved answer", "[fusion]") {
  auto p = http_probe(81, {{"Server", "GoAhead-Webs"}, {"WWW-Authenticate", wificam_digest}});
  const auto v = classify_single(engine(), 81, probe_kind::get_root, &*p.http, nullptr);
  CHECK(v.family == "wificam");
  const auto u = upnp_probe(52881, {device("Logitec", "LAN-WH300N/DGR", "uuid:x")});
  CHECK(classify_single(engine(), 52881, probe_kind::description, nullptr, &*u.description).family ==
        "logitec-router");
}

TEST_CASE("SSDP replies are evidence too", "[fusion]") {
  probe_result p;
  p.port = 1900;
  p.probe = probe_kind::ssdp;
  ssdp_reply reply;
  reply.status = probe_status::ok;
  reply.server = "OS 1.0 UPnP/1.0 Realtek/V1.3";
  p.ssdp = reply;
  const auto v = classify({p});
  CHECK(v.family == "realtek-sdk-router");
  REQUIRE(v.evidence.size() == 1);
  CHECK(v.evidence[0].field == "ssdp_header.server");
  CHECK(v.evidence[0].params.at("service.version") == "1.3");
}

TEST_CASE("hostile field values never throw", "[fusion]") {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 131 + 7) % 256);
  auto p = http_probe(80, {{"Server", junk}, {"WWW-Authenticate", junk}, {junk, junk}}, junk, junk);
  const auto v = classify({p});
  CHECK_FALSE(v.family);
  for (const auto& e : v.evidence) CHECK(e.value.size() <= 256);
}

TEST_CASE("a value repeated by several probes on one port is one piece of evidence",
          "[fusion]") {
  auto description_401 = http_probe(81, {{"Server", "GoAhead-Webs"},
                                         {"WWW-Authenticate", wificam_digest}});
  description_401.probe = probe_kind::description;
  const auto once = classify({http_probe(81, {{"Server", "GoAhead-Webs"},
                                              {"WWW-Authenticate", wificam_digest}})});
  const auto thrice = classify({http_probe(81, {{"Server", "GoAhead-Webs"},
                                                {"WWW-Authenticate", wificam_digest}}),
                                description_401, description_401});
  REQUIRE(thrice.family);
  CHECK(*thrice.family == "wificam");
  CHECK(thrice.certainty == Approx(once.certainty));  // repetition adds no certainty
  CHECK(thrice.evidence.size() == once.evidence.size());
  CHECK(std::all_of(thrice.evidence.begin(), thrice.evidence.end(),
                    [](const evidence& e) { return e.probe == probe_kind::get_root; }));
  // The same value on another port is another observation.
  auto other_port = description_401;
  other_port.port = 8081;
  CHECK(classify({http_probe(81, {{"Server", "GoAhead-Webs"}}), other_port}).evidence.size() >
        classify({http_probe(81, {{"Server", "GoAhead-Webs"}})}).evidence.size());
}
