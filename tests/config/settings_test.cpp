// Unit tests for config/settings: the shipped iotprobe.conf, key parsing, overrides,
// validation errors (with file:line) and the config-show round trip.
#include "config/settings.hpp"
#include "config/request_paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace iotprobe::config;

namespace {
const std::string minimal =
    "ports.default = 80\nuser_agent = test-agent (https://example.org)\nblocklist = /dev/null\n";
}

TEST_CASE("the shipped config has the documented plan", "[config]") {
  const auto s = load_settings();
  CHECK(s.profile == "default");
  CHECK(s.http_ports() == std::vector<int>{80, 81, 52869, 52881, 37215});
  CHECK(s.profiles.at("extended") ==
        std::vector<int>{80, 81, 52869, 52881, 37215, 8080, 443, 8443});
  REQUIRE_FALSE(s.paths_for(52869).empty());
  CHECK(s.paths_for(52869).front() == "/picsdesc.xml");
  CHECK(s.paths_for(52881) == std::vector<std::string>{"/simplecfg.xml", "/simplecfgservice.xml"});
  CHECK(s.paths_for(37215).front() == "/upnpdev.xml");
  CHECK(s.paths_for(12345) == s.fallback_paths);
  CHECK(s.limits.max_in_flight == 1000);
  CHECK(s.limits.connect_rate == 500);
  CHECK(s.limits.per_host_connections == 2);
  CHECK(s.limits.host_deadline_ms == 30000);
  CHECK(s.limits.max_redirects == 2);
  CHECK(s.known_default_udns.size() == 4);
  CHECK(std::count(s.known_default_udns.begin(), s.known_default_udns.end(),
                   "uuid:12342409-1234-1234-5678-ee1234cc5678") == 1);
  CHECK(s.user_agent.find("https://") != std::string::npos);
  CHECK(s.blocklist_file.size() > 14);
  CHECK(s.blocklist_file.substr(s.blocklist_file.size() - 14) == "blocklist.conf");
  CHECK(s.allow.empty());  // the mock fleet needs an explicit allow
  CHECK(s.ssdp);
  CHECK(s.darknet.scanner_min_ports == 30);
  CHECK(s.darknet.scanner_min_packets == 300000);
}

TEST_CASE("overrides apply after the file, like appended lines", "[config]") {
  const auto s = load_settings("", {{"profile", "extended"},
                                    {"port_map", "80=18080, 1900=11900"},
                                    {"max_in_flight", "50"},
                                    {"allow", "127.0.0.0/8"},
                                    {"ssdp", "off"}});
  CHECK(s.http_ports().size() == 6);
  CHECK(s.wire_port(80) == 18080);
  CHECK(s.wire_port(1900) == 11900);
  CHECK(s.wire_port(81) == 81);
  CHECK(s.limits.max_in_flight == 50);
  CHECK(s.allow == std::vector<std::string>{"127.0.0.0/8"});
  CHECK_FALSE(s.ssdp);
  const auto p = load_settings("", {{"ports", "52869,8080"}});
  CHECK(p.http_ports() == std::vector<int>{52869, 8080});
}

TEST_CASE("parse errors name the file and line", "[config]") {
  CHECK_THROWS_WITH(parse_settings(minimal + "bogus_key = 1\n", "t.conf", "/"),
                    Catch::Contains("t.conf:4") && Catch::Contains("bogus_key"));
  CHECK_THROWS_WITH(parse_settings("max_in_flight = lots\n", "t.conf", "/"),
                    Catch::Contains("t.conf:1") && Catch::Contains("integer"));
  CHECK_THROWS_WITH(parse_settings("ports.default = 80, 70000\n", "t.conf", "/"),
                    Catch::Contains("t.conf:1"));
  CHECK_THROWS_WITH(parse_settings("just words\n", "t.conf", "/"), Catch::Contains("key = value"));
  CHECK_THROWS_WITH(parse_settings("port_map = 80:18080\n", "t.conf", "/"),
                    Catch::Contains("LOGICAL=WIRE"));
  CHECK_THROWS_AS(load_settings("", {{"max_in_flight", "0"}}), config_error);
}

TEST_CASE("validation refuses settings that cannot run", "[config]") {
  auto s = parse_settings(minimal, "m.conf", "/");
  CHECK_NOTHROW(validate(s));
  s.user_agent.clear();
  CHECK_THROWS_WITH(validate(s), Catch::Contains("user_agent"));
  s = parse_settings(minimal + "profile = nosuch\n", "m.conf", "/");
  CHECK_THROWS_WITH(validate(s), Catch::Contains("nosuch"));
  s = parse_settings(minimal, "m.conf", "/");
  s.description_paths[80] = {"no-slash.xml"};
  CHECK_THROWS_WITH(validate(s), Catch::Contains("m.conf") && Catch::Contains("bad path"));
  s = parse_settings(minimal, "m.conf", "/");
  s.fallback_paths = {"/system.ini?loginuse&loginpas"};
  CHECK_THROWS_WITH(validate(s), Catch::Contains("paths.fallback") && Catch::Contains("never-request"));
  s = parse_settings(minimal, "m.conf", "/");
  s.limits.max_redirects = 3;
  CHECK_THROWS_WITH(validate(s), Catch::Contains("max_redirects"));
  s = parse_settings(minimal + "connect_timeout_ms = 9000\ntransfer_deadline_ms = 1000\n", "m.conf", "/");
  CHECK_THROWS_WITH(validate(s), Catch::Contains("connect_timeout_ms"));
}

TEST_CASE("relative files resolve against the config's directory", "[config]") {
  const auto s = parse_settings(minimal + "exclude = optout.conf\nfingerprints = fp/a.xml\n",
                                "x.conf", "/etc/iotprobe");
  CHECK(s.exclude_files == std::vector<std::string>{"/etc/iotprobe/optout.conf"});
  CHECK(s.fingerprint_databases == std::vector<std::string>{"/etc/iotprobe/fp/a.xml"});
}

TEST_CASE("config show text reads back to the same settings", "[config]") {
  const auto a = load_settings("", {{"port_map", "80=18080"}, {"allow", "127.0.0.0/8"},
                                    {"host_deadline_ms", "3000"}});
  const auto text = to_config_text(a);
  const auto b = parse_settings(text, "shown", "/");
  CHECK(b.http_ports() == a.http_ports());
  CHECK(b.https_ports() == a.https_ports());
  CHECK(b.tls_ports == a.tls_ports);
  CHECK(b.description_paths == a.description_paths);
  CHECK(b.fallback_paths == a.fallback_paths);
  CHECK(b.port_map == a.port_map);
  CHECK(b.allow == a.allow);
  CHECK(b.user_agent == a.user_agent);
  CHECK(b.blocklist_file == a.blocklist_file);
  CHECK(b.known_default_udns == a.known_default_udns);
  CHECK(b.limits.host_deadline_ms == 3000);
  CHECK(b.limits.max_body_bytes == a.limits.max_body_bytes);
  CHECK(b.darknet.scanner_min_ports == a.darknet.scanner_min_ports);
  CHECK(b.darknet.scanner_min_packets == a.darknet.scanner_min_packets);
  CHECK(b.darknet.mirai_min_syns == a.darknet.mirai_min_syns);
  CHECK(b.darknet.mirai_min_destinations == a.darknet.mirai_min_destinations);
  CHECK(b.identity.min_certainty == a.identity.min_certainty);
  CHECK(b.identity.honeypot_families == a.identity.honeypot_families);
  const auto again = to_config_text(b);  // identical apart from the source comment line
  CHECK(again.substr(again.find('\n')) == text.substr(text.find('\n')));
}

TEST_CASE("the darknet scanner thresholds are config values", "[config]") {
  const auto s = parse_settings(minimal + "scanner_min_ports = 12\nscanner_min_packets = 5000\n",
                                "darknet.conf", "/");
  CHECK(s.darknet.scanner_min_ports == 12);
  CHECK(s.darknet.scanner_min_packets == 5000);
  CHECK_THROWS_WITH(parse_settings(minimal + "scanner_min_ports = 0\n", "bad.conf", "/"),
                    Catch::Contains("bad.conf:4"));
}

TEST_CASE("Huawei HG532's 37215 is in the default plan (issue 11)", "[config][issue11]") {
  const auto s = load_settings();
  const auto ports = s.http_ports();
  CHECK(std::count(ports.begin(), ports.end(), 37215) == 1);
  CHECK(s.paths_for(37215).front() == "/upnpdev.xml");
}

TEST_CASE("identity thresholds and the spoofing minimum are config values (issue 11)",
          "[config][issue11]") {
  const auto shipped = load_settings();
  CHECK(shipped.identity.min_certainty == 0.5);
  CHECK(shipped.identity.honeypot_families == 3);
  CHECK(shipped.darknet.mirai_min_syns == 1);  // NICTER's definition: one SYN
  CHECK(shipped.darknet.mirai_min_destinations == 1);
  const auto s = parse_settings(minimal + "min_certainty = 0.7\nhoneypot_families = 0\n"
                                "mirai_min_syns = 5\nmirai_min_destinations = 3\n", "i.conf", "/");
  CHECK(s.identity.min_certainty == 0.7);
  CHECK(s.identity.honeypot_families == 0);
  CHECK(s.darknet.mirai_min_syns == 5);
  CHECK(s.darknet.mirai_min_destinations == 3);
  CHECK_THROWS_WITH(parse_settings(minimal + "min_certainty = 1.5\n", "i.conf", "/"),
                    Catch::Contains("i.conf:4") && Catch::Contains("[0, 1]"));
}

TEST_CASE("a description path is checked on its own line and never names an exploit path",
          "[config]") {
  CHECK_THROWS_WITH(parse_settings(minimal + "paths.80 = no-slash.xml\n", "p.conf", "/"),
                    Catch::Contains("p.conf:4") && Catch::Contains("start with '/'"));
  CHECK_THROWS_WITH(parse_settings(minimal + "paths.80 = /a.xml, /GponForm/diag_Form\n", "p.conf", "/"),
                    Catch::Contains("p.conf:4") && Catch::Contains("never-request"));
  CHECK_THROWS_WITH(parse_settings(minimal + "\npaths.fallback = /System.INI\n", "p.conf", "/"),
                    Catch::Contains("p.conf:5") && Catch::Contains("/system.ini"));
  CHECK_THROWS_WITH(parse_settings(minimal + "max_redirects = 3\n", "p.conf", "/"),
                    Catch::Contains("p.conf:4") && Catch::Contains("[0, 2]"));
  CHECK_THROWS_WITH(load_settings("", {{"paths.80", "/HNAP1/"}}),
                    Catch::Contains("option --paths.80") && Catch::Contains("never-request"));
  const auto s = parse_settings(minimal + "paths.80 = /description.xml, /upnp/BasicDevice.xml\n",
                                "p.conf", "/");
  CHECK(s.paths_for(80) == std::vector<std::string>{"/description.xml", "/upnp/BasicDevice.xml"});
}

TEST_CASE("path_refusal: shape and the never-request list", "[config]") {
  CHECK_FALSE(path_refusal("/rootDesc.xml"));
  CHECK_FALSE(path_refusal("/simplecfg.xml?x=1"));
  CHECK(path_refusal("") == std::optional<std::string>("path must start with '/'"));
  CHECK(path_refusal("/a b")->find("space") != std::string::npos);
  CHECK(path_refusal(std::string_view("/a\x01b", 4)).has_value());
  for (const char* bad : {"/system.ini?loginuse&loginpas", "/GponForm/diag_Form?images/",
                          "/ctrlt/DeviceUpgrade_1", "/UD/act?1", "/upnp/control/WANIPConn1",
                          "/HNAP1/", "/tmUnblock.cgi", "/setup.cgi?next_file=netgear.cfg",
                          "/shell?cd+/tmp", "/a/../etc/passwd"})
    CHECK(path_refusal(bad).has_value());
}

TEST_CASE("the canonical text (the run's config hash) ignores where the settings came from",
          "[config]") {
  const auto a = parse_settings(minimal + "max_in_flight = 300\n", "/etc/iotprobe/a.conf", "/");
  const auto b = parse_settings(minimal + "\n# a comment\nmax_in_flight = 300\n", "/tmp/copy.conf", "/");
  CHECK(to_config_text(a) != to_config_text(b));  // the source comment differs
  CHECK(canonical_config_text(a) == canonical_config_text(b));
  CHECK(canonical_config_text(a).find('#') == std::string::npos);
  CHECK(canonical_config_text(a).find("max_in_flight = 300\n") != std::string::npos);
  const auto c = parse_settings(minimal + "max_in_flight = 301\n", "/etc/iotprobe/a.conf", "/");
  CHECK(canonical_config_text(a) != canonical_config_text(c));
}

TEST_CASE("the resume identity covers the bytes of every file the settings name", "[config]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "iotprobe_resume_identity";
  fs::remove_all(dir);
  fs::create_directories(dir / "fp");
  const auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
  };
  write("block.conf", "10.0.0.0/8\n");
  write("exclude.conf", "198.51.100.0/24\n");
  write("fp/a.xml", "<fingerprints matches=\"x\"/>\n");
  const auto settings = parse_settings(
      "ports.default = 80\nuser_agent = t (https://example.org)\nblocklist = block.conf\n"
      "exclude = exclude.conf\nfingerprints = fp\n", "t.conf", dir.string());
  const std::string before = resume_identity_text(settings);
  CHECK(before.rfind(canonical_config_text(settings), 0) == 0);
  CHECK(resume_identity_text(settings) == before);
  std::string previous = before;
  for (const char* name : {"block.conf", "exclude.conf", "fp/a.xml"}) {
    std::ofstream(dir / name, std::ios::binary | std::ios::app) << "# edited\n";
    const std::string after = resume_identity_text(settings);
    INFO(name);
    CHECK(after != previous);
    previous = after;
  }
  write("fp/b.xml", "<fingerprints matches=\"y\"/>\n");  // a new database in the folder
  const std::string with_new = resume_identity_text(settings);
  fs::remove(dir / "fp/b.xml");
  CHECK(with_new != resume_identity_text(settings));
  fs::remove_all(dir);
}

TEST_CASE("a '#' inside a value (a URL fragment) is not a comment", "[config]") {
  const auto s = parse_settings(
      "ports.default = 80  # the web port\nblocklist = /dev/null\n"
      "user_agent = probe (opt-out: https://example.org/#opt-out)\t# who we are\n#ssdp = off\n",
      "c.conf", "/");
  CHECK(s.user_agent == "probe (opt-out: https://example.org/#opt-out)");
  CHECK(s.http_ports() == std::vector<int>{80});
  CHECK(s.ssdp);
  CHECK(parse_settings(to_config_text(s), "shown", "/").user_agent == s.user_agent);
}

TEST_CASE("443 and 8443 are probed over TLS in the default plan (issue 11)", "[config][issue11]") {
  const auto s = load_settings("");
  CHECK(s.tls_ports == std::vector<int>{443, 8443});
  CHECK(s.https_ports() == std::vector<int>{443, 8443});
  CHECK(s.probed_ports() == std::vector<int>{80, 81, 52869, 52881, 37215, 443, 8443});
  for (const int port : s.http_ports()) CHECK((port != 443 && port != 8443));
  // --ports keeps its meaning (these ports, no others); https_ports says which speak TLS.
  const auto only = load_settings("", {{"ports", "80,8443"}});
  CHECK(only.http_ports() == std::vector<int>{80});
  CHECK(only.https_ports() == std::vector<int>{8443});
  const auto none = load_settings("", {{"https_ports", "4443"}});
  CHECK(none.https_ports().empty());  // 4443 is not probed by the profile
  CHECK(none.http_ports().size() == 7);
  CHECK_THROWS_WITH(load_settings("", {{"https_ports", "443,x"}}),
                    Catch::Contains("option --https_ports"));
  // An HTTPS-only plan is valid (the fuzz invariant that said otherwise predated HTTPS).
  const auto tls_only = load_settings("", {{"ports", "8443"}});
  CHECK(tls_only.http_ports().empty());
  CHECK(tls_only.https_ports() == std::vector<int>{8443});
  CHECK_NOTHROW(validate(tls_only));
}
