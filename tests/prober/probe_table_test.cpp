// Unit tests for probe_table, the one list of probes: each probe is listed once and declares
// what its role needs, its request matches its transport, every stored probe kind has a
// probe, and the port plans come from the opening probes in table order.
#include "probe_host.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

using namespace iotprobe;
using prober::step_role;
using prober::transport;

namespace {
// A step of `p` a runner could hand to its request(): on the host's first port, or on
// SSDP's port for the probes that run beside the ports.
prober::step sample_step(const prober::probe& p) {
  const bool host_lane = p.role == step_role::with_host || p.role == step_role::after_ports;
  return prober::step{&p, host_lane ? 1900 : 80, "/", parsers::probe_result{}};
}
}  // namespace

TEST_CASE("the table lists each probe once, under its own name", "[probes]") {
  std::set<const prober::probe*> seen;
  std::set<std::string_view> names;
  for (const auto* p : prober::probe_table) {
    CHECK(seen.insert(p).second);
    CHECK(names.insert(p->name).second);
  }
  CHECK(seen.size() == 9);
}

TEST_CASE("each probe declares what its role needs", "[probes]") {
  for (const auto* p : prober::probe_table) {
    INFO(p->name);
    CHECK(p->request);
    CHECK(p->read);
    CHECK((p->plan_ports != nullptr) == (p->role == step_role::opens_port));
    CHECK((p->begin != nullptr) == (p->role != step_role::follow_up));
  }
}

TEST_CASE("each probe's request runs on the transport it declares", "[probes]") {
  for (const auto* p : prober::probe_table) {
    INFO(p->name);
    testing::probe_host host;
    const auto s = sample_step(*p);
    const bool host_lane = p->role == step_role::with_host || p->role == step_role::after_ports;
    const auto request = p->request(s, host_lane ? host.host_context() : host.context());
    CHECK(prober::transport_of(request) == p->via);
  }
  CHECK(prober::probe_get_root.via == transport::http);
  CHECK(prober::probe_https_get_root.via == transport::https);
  CHECK(prober::probe_https_redirect.via == transport::https);
  CHECK(prober::probe_raw_get_root.via == transport::tcp);
  CHECK(prober::probe_banner.via == transport::tcp);
  CHECK(prober::probe_ssdp.via == transport::udp);
}

TEST_CASE("every stored probe kind comes from a probe of the table, with its stored name", "[probes]") {
  std::set<std::string_view> kinds;
  for (const auto* p : prober::probe_table) kinds.insert(parsers::to_string(p->kind));
  CHECK(kinds == std::set<std::string_view>{"get_root", "redirect", "description", "location",
                                            "ssdp", "banner", "https_get_root"});
  CHECK(prober::probe_https_redirect.kind == parsers::probe_kind::redirect);
  CHECK(prober::probe_raw_get_root.kind == parsers::probe_kind::get_root);  // it re-reads GET /
}

TEST_CASE("HTTP ports open with GET /, banner ports with the banner, in that order", "[probes]") {
  const std::string payload_file = "probe_table_test_payload.bin";
  std::ofstream(payload_file, std::ios::binary) << "HELLO\r\n";
  auto settings = testing::probe_settings();
  config::apply_setting(settings, "banner.23", "none", ".");
  config::apply_setting(settings, "banner.2323", payload_file, ".");
  const auto plans = prober::make_port_plans(settings);
  std::remove(payload_file.c_str());
  const std::size_t http_ports = settings.probed_ports().size();  // HTTP, then HTTPS ports
  REQUIRE(plans.size() == http_ports + 2);
  for (std::size_t i = 0; i < http_ports; ++i) CHECK(plans[i].opening->kind != parsers::probe_kind::banner);
  CHECK(plans[http_ports].port == 23);
  CHECK(plans[http_ports].opening == &prober::probe_banner);
  CHECK(plans[http_ports].payload.empty());
  CHECK(plans[http_ports + 1].port == 2323);
  CHECK(plans[http_ports + 1].payload == "HELLO\r\n");
  CHECK(plans[http_ports + 1].paths.empty());

  config::apply_setting(settings, "banner.2323", "no/such/payload.bin", ".");
  CHECK_THROWS_WITH(prober::make_port_plans(settings), Catch::Contains("cannot read banner payload"));
}

TEST_CASE("a port's opening step is its opening probe's, on that port", "[probes]") {
  testing::probe_host http;
  auto ctx = http.context();
  const auto first = http.port.plan->opening->begin(ctx);
  REQUIRE(first.next);
  CHECK(first.next->what == &prober::probe_get_root);
  CHECK(first.next->port == 80);
  CHECK(first.next->path == "/");
  CHECK(first.results.empty());
}

TEST_CASE("HTTPS ports open with GET / over TLS after the HTTP ports, without paths", "[probes]") {
  auto settings = testing::probe_settings();
  config::apply_setting(settings, "ports", "80, 443, 52869, 8443", ".");
  config::apply_setting(settings, "port_map", "443=18443", ".");
  CHECK(settings.http_ports() == std::vector<int>{80, 52869});
  CHECK(settings.https_ports() == std::vector<int>{443, 8443});
  const auto plans = prober::make_port_plans(settings);
  REQUIRE(plans.size() == 4);
  CHECK(plans[0].opening == &prober::probe_get_root);
  CHECK(plans[1].port == 52869);
  CHECK(plans[2].port == 443);
  CHECK(plans[2].wire_port == 18443);
  CHECK(plans[2].opening == &prober::probe_https_get_root);
  CHECK(plans[2].paths.empty());
  CHECK(plans[3].port == 8443);
  CHECK(plans[3].opening == &prober::probe_https_get_root);
}
