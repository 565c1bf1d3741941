// Unit tests for prober/plan: port plans from settings, the follow rule for redirects and
// SSDP LOCATIONs, the dead-port rule and the outcome → probe_result mapping.
#include "config/settings.hpp"
#include "prober/plan.hpp"
#include "prober/probes/probe_table.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe;
using parsers::probe_status;

namespace {
config::settings test_settings() {
  return config::load_settings("", {{"port_map", "80=18080"}, {"allow", "127.0.0.0/8"}});
}
prober::blocklist loopback_allowed() {
  prober::blocklist b;
  b.add_reserved("127.0.0.0/8");
  b.add_reserved("198.51.100.0/24");
  b.add_allow("127.0.0.0/8");
  return b;
}
}  // namespace

TEST_CASE("port plans follow the profile, the paths and the port map", "[plan]") {
  const auto plans = prober::make_port_plans(test_settings());
  // 80, 81, 52869, 52881 and Huawei HG532's 37215, then 443 and 8443 over TLS (issue 11)
  REQUIRE(plans.size() == 7);
  CHECK(plans[0].port == 80);
  CHECK(plans[0].wire_port == 18080);
  CHECK(plans[2].port == 52869);
  CHECK(plans[2].wire_port == 52869);
  CHECK(plans[2].paths.front() == "/picsdesc.xml");
  CHECK(plans[3].paths.front() == "/simplecfg.xml");
  CHECK(plans[4].port == 37215);
  CHECK(plans[4].paths.front() == "/upnpdev.xml");
  for (std::size_t i = 0; i < 5; ++i) CHECK(plans[i].opening == &prober::probe_get_root);
  CHECK(plans[5].port == 443);
  CHECK(plans[6].port == 8443);
  for (std::size_t i = 5; i < 7; ++i) {
    CHECK(plans[i].opening == &prober::probe_https_get_root);
    CHECK(plans[i].paths.empty());
  }
}

TEST_CASE("a redirect on a TLS port is followed only over https to a configured TLS port",
          "[plan][tls]") {
  const auto s = test_settings();
  const auto b = loopback_allowed();
  auto d = prober::decide_follow("/weblogin.htm", "127.0.0.9", 443, s, b, true);
  REQUIRE(d.url);
  CHECK(d.url->port == 443);
  CHECK(d.url->path == "/weblogin.htm");
  d = prober::decide_follow("https://127.0.0.9/login.html", "127.0.0.9", 8443, s, b, true);
  REQUIRE(d.url);
  CHECK(d.url->port == 443);
  d = prober::decide_follow("https://127.0.0.9:8443/", "127.0.0.9", 443, s, b, true);
  REQUIRE(d.url);
  CHECK(d.url->port == 8443);
  CHECK_FALSE(prober::decide_follow("http://127.0.0.9/", "127.0.0.9", 443, s, b, true).url);
  CHECK_FALSE(prober::decide_follow("https://127.0.0.9:80/", "127.0.0.9", 443, s, b, true).url);
  CHECK_FALSE(prober::decide_follow("https://127.0.0.8/", "127.0.0.9", 443, s, b, true).url);
  // From a plain HTTP port, https is not followed, and 443 is no HTTP port.
  CHECK_FALSE(prober::decide_follow("https://127.0.0.9/", "127.0.0.9", 80, s, b).url);
  CHECK_FALSE(prober::decide_follow("http://127.0.0.9:443/", "127.0.0.9", 80, s, b).url);
}

TEST_CASE("a redirect or LOCATION is followed only to the same IP and a configured port", "[plan]") {
  const auto s = test_settings();
  const auto b = loopback_allowed();
  auto d = prober::decide_follow("/login.htm", "127.0.0.9", 80, s, b);
  REQUIRE(d.url);
  CHECK(d.url->port == 80);
  CHECK(d.url->path == "/login.htm");
  d = prober::decide_follow("http://127.0.0.9:52869/picsdesc.xml", "127.0.0.9", 80, s, b);
  REQUIRE(d.url);
  CHECK(d.url->port == 52869);
  CHECK(d.url->path == "/picsdesc.xml");
  d = prober::decide_follow("HTTP://127.0.0.9/", "127.0.0.9", 52869, s, b);
  REQUIRE(d.url);
  CHECK(d.url->port == 80);

  CHECK(prober::decide_follow("http://127.250.0.1:52869/x.xml", "127.0.0.9", 80, s, b)
            .refusal.find("not the target") != std::string::npos);
  CHECK(prober::decide_follow("http://198.51.100.23/login.htm", "127.0.0.9", 80, s, b)
            .refusal.find("not the target") != std::string::npos);
  CHECK(prober::decide_follow("http://router.example/", "127.0.0.9", 80, s, b).refusal.find(
            "not the target") != std::string::npos);
  CHECK(prober::decide_follow("http://127.0.0.9:9999/", "127.0.0.9", 80, s, b)
            .refusal.find("not a configured port") != std::string::npos);
  CHECK_FALSE(prober::decide_follow("https://127.0.0.9/", "127.0.0.9", 80, s, b).url);
  CHECK_FALSE(prober::decide_follow("//127.0.0.9/", "127.0.0.9", 80, s, b).url);
  CHECK_FALSE(prober::decide_follow("http://user@127.0.0.9/", "127.0.0.9", 80, s, b).url);
  CHECK_FALSE(prober::decide_follow("", "127.0.0.9", 80, s, b).url);
}

TEST_CASE("a device cannot steer a follow to a credential or exploit path", "[plan]") {
  const auto s = test_settings();
  const auto b = loopback_allowed();
  for (const char* location : {"/system.ini?loginuse&loginpas", "http://127.0.0.9/GponForm/diag_Form",
                               "/ctrlt/DeviceUpgrade_1", "http://127.0.0.9:52869/UD/act?1",
                               "/../../etc/passwd", "/upnp/control/WANIPConn1"}) {
    const auto d = prober::decide_follow(location, "127.0.0.9", 80, s, b);
    CHECK_FALSE(d.url);
    CHECK(d.refusal.find("never-request") != std::string::npos);
  }
  const auto query_only = prober::decide_follow("http://127.0.0.9?lang=en", "127.0.0.9", 80, s, b);
  REQUIRE(query_only.url);
  CHECK(query_only.url->path == "/?lang=en");
  CHECK_FALSE(prober::decide_follow("http://127.0.0.9:8\xb0/", "127.0.0.9", 80, s, b).url);
}

TEST_CASE("a follow to a blocked address is refused even when it is the target", "[plan]") {
  const auto s = test_settings();
  prober::blocklist strict;
  strict.add_reserved("198.51.100.0/24");
  const auto d = prober::decide_follow("/x", "198.51.100.4", 80, s, strict);
  CHECK_FALSE(d.url);
  CHECK(d.refusal.find("reserved") != std::string::npos);
}

TEST_CASE("a closed, silent or instantly reset port is dead", "[plan]") {
  parsers::probe_result r;
  for (auto s : {probe_status::refused, probe_status::timeout, probe_status::unreachable,
                 probe_status::blocked, probe_status::reset}) {
    r.status = s;
    CHECK(prober::port_is_dead(r));
  }
  r.status = probe_status::reset;
  r.raw = "HTTP/1.1 200 OK\r\n";
  CHECK_FALSE(prober::port_is_dead(r));
  for (auto s : {probe_status::ok, probe_status::http_error, probe_status::not_http,
                 probe_status::too_large}) {
    r.status = s;
    CHECK_FALSE(prober::port_is_dead(r));
  }
}

TEST_CASE("an exchange becomes ok, http_error or keeps its transport status", "[plan]") {
  const auto s = test_settings();
  auto ok = prober::http_probe_result(80, parsers::probe_kind::get_root, "/", probe_status::ok, "",
                                      "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n<title>Hi</title>", 3, s);
  CHECK(ok.status == probe_status::ok);
  REQUIRE(ok.http);
  CHECK(ok.http->status_code == 200);
  CHECK(ok.raw.size() > 20);
  auto nf = prober::http_probe_result(80, parsers::probe_kind::description, "/x.xml", probe_status::ok, "",
                                      "HTTP/1.1 404 Not Found\r\n\r\n", 1, s);
  CHECK(nf.status == probe_status::http_error);
  CHECK(nf.detail == "HTTP 404");
  auto partial = prober::http_probe_result(80, parsers::probe_kind::get_root, "/", probe_status::timeout,
                                           "Timeout was reached", "HTTP/1.1 200 OK\r\nSer", 9, s);
  CHECK(partial.status == probe_status::timeout);
  CHECK(partial.raw == "HTTP/1.1 200 OK\r\nSer");
  auto empty = prober::http_probe_result(80, parsers::probe_kind::get_root, "/", probe_status::ok, "", "", 1, s);
  CHECK(empty.status == probe_status::reset);
  auto redirect = prober::http_probe_result(
      80, parsers::probe_kind::get_root, "/", probe_status::ok, "",
      "HTTP/1.1 302 Found\r\nLocation: /login.htm\r\n\r\n", 1, s);
  CHECK(redirect.status == probe_status::http_error);
  REQUIRE(prober::redirect_location(redirect));
  CHECK(*prober::redirect_location(redirect) == "/login.htm");
  CHECK_FALSE(prober::redirect_location(ok));
}

TEST_CASE("a description is attached only to a 2xx answer and sets the status", "[plan]") {
  const auto s = test_settings();
  auto good = prober::http_probe_result(
      52869, parsers::probe_kind::description, "/picsdesc.xml", probe_status::ok, "",
      "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<?xml version=\"1.0\"?><root "
      "xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><modelName>IGD</modelName>"
      "<UDN>uuid:12342409-1234-1234-5678-ee1234cc5678</UDN></device></root>",
      2, s);
  CHECK(prober::attach_description(good, s));
  CHECK(good.status == probe_status::ok);
  REQUIRE(good.description);
  REQUIRE(good.description->root());
  CHECK(good.description->root()->model_name == std::optional<std::string>("IGD"));
  auto bad = prober::http_probe_result(52869, parsers::probe_kind::description, "/x.xml", probe_status::ok, "",
                                       "HTTP/1.1 200 OK\r\n\r\n<root><device>", 2, s);
  CHECK_FALSE(prober::attach_description(bad, s));
  CHECK(bad.status == probe_status::parse_error);
}
