// Unit tests of the persona loader and template filler, and of the byte-level quirks
// the persona files must carry (devices.md). No sockets.
#include "persona.hpp"
#include "virtual_host.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <fstream>
#include <set>

using namespace iotprobe::mock;

namespace {

const std::map<std::string, persona>& all_personas() {
  static const auto all = load_personas(default_personas_dir());
  return all;
}

std::string answer(const std::string& name, int port, const std::string& request) {
  const persona& p = all_personas().at(name);
  virtual_host host{&p, device_values_for_host(p, "127.20.0.1")};
  auto plan = plan_reply(host, port, request);
  REQUIRE(plan);
  return plan->bytes;
}

std::string head_of(const std::string& bytes) { return bytes.substr(0, bytes.find("\r\n\r\n") + 4); }
std::string body_of(const std::string& bytes) { return bytes.substr(bytes.find("\r\n\r\n") + 4); }

}  // namespace

TEST_CASE("fill_template fills device values and keeps foreign braces", "[mock][template]") {
  device_values d{"127.1.2.3", "uuid:63041253-1019-2006-1228-00018e0a0b0c", "00:01:8e:0a:0b:0c",
                  "LAN-W300N/DR", "000000000042", "192.0.2.1"};
  render_context ctx{&d, "HTTP/1.0", "upnp:rootdevice"};
  CHECK(fill_template("{uuid}|{uuid_bare}|{mac12}|{model}|{serial}|{lan_ip}|{ip}", ctx) ==
        "uuid:63041253-1019-2006-1228-00018e0a0b0c|63041253-1019-2006-1228-00018e0a0b0c|"
        "00018e0a0b0c|LAN-W300N/DR|000000000042|192.0.2.1|127.1.2.3");
  CHECK(fill_template("{http_version} 200 OK {st}", ctx) == "HTTP/1.0 200 OK upnp:rootdevice");
  CHECK(fill_template("a{x0D}{x0a}b{x00}c", ctx) == std::string("a\r\nb\0c", 6));
  CHECK(fill_template("{12213BD1-69C7} function(){ x; } {nope} {", ctx) ==
        "{12213BD1-69C7} function(){ x; } {nope} {");
  CHECK(fill_template("<{repeat:3:ab}>", ctx) == "<ababab>");
  CHECK(fill_template("{repeat:x:ab}", ctx) == "{repeat:x:ab}");
  CHECK(fill_template("Content-Length: {content_length}", ctx, 1234) == "Content-Length: 1234");
}

TEST_CASE("route files: head lines become CRLF, the body stays byte for byte", "[mock][template]") {
  route r = parse_route_file("HTTP/1.1 200 OK\nA: b\r\nContent-Length: {content_length}\n\nline1\nline2\r\n", false);
  CHECK(r.head == "HTTP/1.1 200 OK\r\nA: b\r\nContent-Length: {content_length}\r\n\r\n");
  CHECK(r.body == "line1\nline2\r\n");
  render_context ctx;
  CHECK(render_route(r, ctx) == "HTTP/1.1 200 OK\r\nA: b\r\nContent-Length: 13\r\n\r\nline1\nline2\r\n");
  route raw = parse_route_file("just\nbytes\n", true);
  CHECK(raw.head.empty());
  CHECK(render_route(raw, ctx) == "just\nbytes\n");
}

TEST_CASE("every persona directory loads, with a family and its files", "[mock][persona]") {
  const auto& all = all_personas();
  REQUIRE(all.size() >= 38);
  std::set<std::string> families;
  for (const auto& [name, p] : all) {
    INFO(name);
    CHECK_FALSE(p.family.empty());
    CHECK_FALSE(p.description.empty());
    CHECK((!p.ports.empty() || p.ssdp));
    families.insert(p.family);
  }
  for (const char* f : {"logitec-router", "realtek-sdk-router", "wificam", "nvms-9000", "cms-web-viewer",
                        "micro-httpd", "gpon", "draytek-vigor", "dd-wrt", "huawei-hg532", "xiongmai",
                        "unknown", "hostile"})
    CHECK(families.count(f) == 1);
  CHECK(all.at("tarpit").port(80)->kind == behaviour::tarpit);
  CHECK(all.at("reset_mid").port(80)->arg == 60);
  CHECK(all.at("logitec_router").oui == "00:01:8e");
  CHECK(all.at("xiongmai").port(9530)->kind == behaviour::knock);
  CHECK(all.at("gpon").port(8080)->find("/login.html")->file == "login.http");
}

TEST_CASE("a router forwarding 81 to a camera: two devices at one address (issue 11 case 1)",
          "[mock][persona][issue11]") {
  const persona& p = all_personas().at("logitec_router_wificam");
  CHECK(p.family == "logitec-router");
  REQUIRE(p.behind.size() == 1);
  CHECK(p.behind[0].first == "wificam");
  CHECK(p.behind[0].second == std::vector<int>{81});
  const std::string camera = answer("logitec_router_wificam", 81, "GET / HTTP/1.1\r\n\r\n");
  CHECK(camera.rfind("HTTP/1.0 401 Unauthorized\r\n", 0) == 0);
  CHECK(head_of(camera).find("Server: GoAhead-Webs\r\n") != std::string::npos);
  CHECK(head_of(camera).find("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"") != std::string::npos);
  const std::string router = answer("logitec_router_wificam", 52881, "GET /simplecfg.xml HTTP/1.1\r\n\r\n");
  CHECK(body_of(router).find("<UDN>uuid:63041253-1019-2006-1228-00018e") != std::string::npos);
}

TEST_CASE("a malformed persona is refused with its file and line", "[mock][persona]") {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("{}.{}", "iotprobe_mock_bad_persona", ::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "persona.txt") << "family x\nport 80 sideways\n";
  CHECK_THROWS_WITH(load_persona(dir), Catch::Contains("persona.txt:2") && Catch::Contains("sideways"));
  std::ofstream(dir / "persona.txt") << "family x\nport 80\nroute / missing.http\n";
  CHECK_THROWS_WITH(load_persona(dir), Catch::Contains("missing.http"));
  std::ofstream(dir / "persona.txt") << "port 80\n";
  CHECK_THROWS_WITH(load_persona(dir), Catch::Contains("family"));
  std::ofstream(dir / "persona.txt") << "family x\nbehind wificam\n";
  CHECK_THROWS_WITH(load_persona(dir), Catch::Contains("persona.txt:2") && Catch::Contains("behind"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("Realtek miniigd quirks: echoed version, Server-less 404 for /", "[mock][persona]") {
  std::string pics = answer("logitec_router", 52869, "GET /picsdesc.xml HTTP/1.0\r\n\r\n");
  CHECK(pics.rfind("HTTP/1.0 200 OK\r\nContent-Type: text/xml; charset=\"utf-8\"\r\nConnection: close\r\n", 0) == 0);
  CHECK(head_of(pics).find("\r\nServer: miniupnpd/1.0 UPnP/1.0\r\nExt:\r\n\r\n") != std::string::npos);
  CHECK(head_of(pics).find(fmt::format("Content-Length: {}\r\n", body_of(pics).size())) != std::string::npos);
  CHECK(pics.find("<UDN>uuid:12342409-1234-1234-5678-ee1234cc5678</UDN>") != std::string::npos);
  CHECK(answer("logitec_router", 52869, "GET /picsdesc.xml HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(answer("logitec_router", 52869, "GET / HTTP/1.1\r\n\r\n") ==
        "HTTP/1.1 404 Not found\r\nConnection: close\r\nContent-type: text/html\r\n\r\n"
        "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD><BODY><H1>Not Found</H1>The requested URL "
        "was not found on this server.</BODY></HTML>\r\n");
}

TEST_CASE("Realtek wscd: MAC-derived UDN; Logitec units carry Logitec evidence", "[mock][persona]") {
  const persona& p = all_personas().at("logitec_router");
  device_values d = device_values_for_host(p, "127.20.0.1");
  CHECK(d.mac.rfind("00:01:8e:", 0) == 0);
  std::string mac12 = d.mac.substr(0, 2) + d.mac.substr(3, 2) + d.mac.substr(6, 2) + d.mac.substr(9, 2) +
                      d.mac.substr(12, 2) + d.mac.substr(15, 2);
  CHECK(d.uuid == "uuid:63041253-1019-2006-1228-" + mac12);
  std::string cfg = answer("logitec_router", 52881, "GET /simplecfg.xml HTTP/1.1\r\n\r\n");
  CHECK(cfg.find("\r\nServer: OS 1.0 UPnP/1.0 Realtek/V1.3\r\n") != std::string::npos);
  CHECK(cfg.find("<UDN>" + d.uuid + "</UDN>") != std::string::npos);
  CHECK(cfg.find("<manufacturer>Logitec Corporation</manufacturer>") != std::string::npos);
  CHECK(cfg.find("<modelName>LAN-W") != std::string::npos);
  std::string generic = answer("realtek_generic", 52881, "GET /simplecfg.xml HTTP/1.1\r\n\r\n");
  CHECK(generic.find("<friendlyName>RTL8186 WFA Device</friendlyName>") != std::string::npos);
  CHECK(generic.find("Logitec") == std::string::npos);
  std::string ui = answer("logitec_router", 80, "GET / HTTP/1.1\r\n\r\n");
  CHECK(ui.find("charset=Shift_JIS") != std::string::npos);
  CHECK(ui.find("<title>\x83\x8D\x83\x57\x83\x65\x83\x62\x83\x4E") != std::string::npos);  // ロジテック
}

TEST_CASE("family quirks: GoAhead, micro_httpd, Huawei, DD-WRT, NVMS, Vigor", "[mock][persona]") {
  std::string cam = answer("wificam", 81, "GET / HTTP/1.1\r\n\r\n");
  CHECK(cam.find("\r\nServer: GoAhead-Webs\r\n") != std::string::npos);
  CHECK(cam.find("WWW-Authenticate: Digest realm=\"GoAhead\", domain=\":81\",qop=\"auth\", nonce=\"") != std::string::npos);
  CHECK(cam.find("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\",algorithm=\"MD5\", stale=\"FALSE\"") != std::string::npos);
  CHECK(answer("micro_httpd", 80, "GET / HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 200 Ok\r\nServer: micro_httpd\r\nCache-Control: no-cache\r\nDate: ", 0) == 0);
  std::string bcm = answer("micro_httpd_auth", 80, "GET / HTTP/1.1\r\n\r\n");
  CHECK(bcm.find("\r\nWWW-Authenticate: Basic realm=\"Broadband Router\"\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n") != std::string::npos);
  CHECK(answer("huawei_hg532", 37215, "GET / HTTP/1.0\r\n\r\n") ==
        "HTTP/1.1 404 \r\nContent-Type: text/xml; charset=\"utf-8\"\r\nServer: Linux UPnP/1.0 Huawei-ATP-IGD\r\n"
        "Date: Thu, 27 May 2021 03:14:15 GMT\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n");
  std::string dd = answer("ddwrt", 80, "GET / HTTP/1.1\r\n\r\n");
  CHECK(dd.rfind("HTTP/1.1 200 Ok\r\nContent-Type: text/html\r\nServer: httpd\r\n", 0) == 0);
  CHECK(dd.find("<title>DD-WRT (build 35030M) - Info</title>") != std::string::npos);
  CHECK(answer("nvms9000", 80, "GET / HTTP/1.1\r\n\r\n").find("\r\nAuthInfo:\r\n\r\n") != std::string::npos);
  CHECK(answer("draytek_vigor", 80, "GET / HTTP/1.1\r\n\r\n").find("\r\nServer: DWS\r\n") != std::string::npos);
  CHECK(answer("xiongmai", 80, "GET / HTTP/1.1\r\n\r\n").find("Server: uc-httpd 1.0.0\r\n") != std::string::npos);
  CHECK(answer("gpon", 80, "GET / HTTP/1.1\r\n\r\n").find("GPON Home Gateway") != std::string::npos);
  CHECK(answer("cms_web_viewer", 80, "GET / HTTP/1.1\r\n\r\n").find("Server:") == std::string::npos);
}

TEST_CASE("hostile payload sizes are as named", "[mock][persona]") {
  std::string big = answer("huge_body", 80, "GET / HTTP/1.1\r\n\r\n");
  CHECK(body_of(big).size() == 10u * 1024 * 1024);
  CHECK(head_of(big).find("Content-Length: 10485760\r\n") != std::string::npos);
  CHECK(head_of(answer("huge_header", 80, "GET / HTTP/1.1\r\n\r\n")).size() > 1024u * 1024);
  std::string deep = answer("deep_xml", 52869, "GET /picsdesc.xml HTTP/1.1\r\n\r\n");
  std::size_t opens = 0;
  for (std::size_t at = deep.find("<deviceList>"); at != std::string::npos; at = deep.find("<deviceList>", at + 1)) ++opens;
  CHECK(opens == 10000);
  std::string dup = answer("duplicate_status", 80, "GET / HTTP/1.1\r\n\r\n");
  CHECK(dup.rfind("HTTP/1.1 200 OK\r\nHTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(answer("http09", 80, "GET /\r\n\r\n").rfind("<html>", 0) == 0);
  CHECK(answer("billion_laughs", 52881, "GET /simplecfg.xml HTTP/1.1\r\n\r\n").find("<!ENTITY lol9 \"&lol8;&lol8;") != std::string::npos);
  CHECK(answer("redirect_other_host", 80, "GET / HTTP/1.1\r\n\r\n").find("\r\nLocation: http://198.51.100.23/") != std::string::npos);
}

TEST_CASE("every family and hostile behaviour named in issue 4 has a persona", "[mock][persona]") {
  const std::set<std::string> benign{
      "logitec_router", "realtek_generic", "realtek_igd_only", "wificam", "nvms9000", "cms_web_viewer",
      "cms_web_viewer_lighttpd", "micro_httpd", "micro_httpd_auth", "gpon", "draytek_vigor", "ddwrt",
      "huawei_hg532", "xiongmai", "apache_default", "nginx_default", "printer", "media_renderer",
      "logitec_router_wificam", "renderer_cloned_udn", "ssdp_location_unlisted"};
  const std::set<std::string> hostile{
      "closed_ports", "tarpit", "trickle", "endless_body", "huge_body", "huge_header", "binary_greeting",
      "duplicate_status", "space_in_header", "http09", "bad_chunked", "truncated_xml", "billion_laughs",
      "deep_xml", "ssdp_location_other_host", "ssdp_location_blocked", "redirect_loop",
      "redirect_other_host", "reset_mid", "half_close", "tarpit_all"};
  const auto& all = all_personas();
  for (const auto& name : benign) {
    INFO(name);
    REQUIRE(all.count(name) == 1);
    CHECK(all.at(name).family != "hostile");
  }
  for (const auto& name : hostile) {
    INFO(name);
    REQUIRE(all.count(name) == 1);
    CHECK(all.at(name).family == "hostile");
  }
  CHECK(all.size() == benign.size() + hostile.size());
}
