// Unit tests of the reply decision and of manifest/serve agreement: the host table that
// `serve` builds from a manifest answers, for every address, as that row says. No sockets.
#include "virtual_host.hpp"
#include "server.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <set>

using namespace iotprobe::mock;

namespace {

const std::map<std::string, persona>& personas() {
  static const auto all = load_personas(default_personas_dir());
  return all;
}

// The description path and port at which a persona shows its root UDN, if any.
std::pair<int, std::string> description_of(const persona& p) {
  for (const auto& port : p.ports)
    for (const auto& r : port.routes)
      if (r.body.find("<UDN>{uuid}</UDN>") != std::string::npos) return {port.port, r.path};
  return {0, {}};
}

}  // namespace

TEST_CASE("request lines are parsed leniently", "[mock][serve]") {
  auto r = parse_request_line("GET /picsdesc.xml?x=1 HTTP/1.0\r\nHost: a\r\n\r\n");
  REQUIRE(r);
  CHECK(r->method == "GET");
  CHECK(r->path == "/picsdesc.xml");
  CHECK(r->version == "HTTP/1.0");
  auto v09 = parse_request_line("GET /\r\n");
  REQUIRE(v09);
  CHECK(v09->version.empty());
  CHECK_FALSE(parse_request_line("\x16\x03\x01garbage"));
}

TEST_CASE("port maps parse and reject junk", "[mock][serve]") {
  auto m = parse_port_map("80=18080,81=0,52869");
  REQUIRE(m.size() == 3);
  CHECK(m[0].logical == 80);
  CHECK(m[0].wire == 18080);
  CHECK(m[1].wire == 0);
  CHECK(m[2].wire == 52869);
  CHECK_THROWS(parse_port_map("80=x"));
  CHECK_THROWS(parse_port_map("80=70000"));
}

TEST_CASE("reply delays parse, stay in range and are fixed per host", "[mock][serve]") {
  CHECK(reply_delay_ms(parse_reply_delay("0"), 0x7f000001) == 0);
  CHECK(reply_delay_ms(parse_reply_delay("100"), 0x7f000001) == 100);
  auto range = parse_reply_delay("30-300");
  CHECK(range.min_ms == 30);
  CHECK(range.max_ms == 300);
  std::set<int> seen;
  for (std::uint32_t addr = 0x7f010101; addr < 0x7f010101 + 2000; ++addr) {
    int ms = reply_delay_ms(range, addr);
    CHECK(ms >= 30);
    CHECK(ms <= 300);
    CHECK(ms == reply_delay_ms(range, addr));
    seen.insert(ms / 30);
  }
  CHECK(seen.size() >= 9);  // spread over the range, not bunched
  CHECK_THROWS(parse_reply_delay("300-30"));
  CHECK_THROWS(parse_reply_delay("x"));
  CHECK_THROWS(parse_reply_delay("100-"));
  CHECK_THROWS(parse_reply_delay("70000"));
}

TEST_CASE("closed ports, unknown paths and SSDP search targets", "[mock][serve]") {
  const persona& cam = personas().at("wificam");
  virtual_host host{&cam, device_values_for_host(cam, "127.20.0.9")};
  CHECK_FALSE(plan_reply(host, 80, "GET / HTTP/1.1\r\n\r\n"));  // WIFICAM opens only 81
  const persona& rt = personas().at("realtek_igd_only");
  virtual_host igd{&rt, device_values_for_host(rt, "127.20.0.10")};
  auto miss = plan_reply(igd, 52869, "GET /nothing-here HTTP/1.1\r\n\r\n");
  REQUIRE(miss);
  CHECK(miss->bytes.rfind("HTTP/1.1 404 Not found\r\n", 0) == 0);
  auto ssdp = plan_ssdp(igd, "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nST: upnp:rootdevice\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n\r\n");
  REQUIRE(ssdp);
  CHECK(*ssdp == "HTTP/1.1 200 OK\r\nCache-Control: max-age=120\r\nST: upnp:rootdevice\r\n"
                 "USN: uuid:12342409-1234-1234-5678-ee1234cc5678::upnp:rootdevice\r\nEXT:\r\n"
                 "Server: miniupnpd/1.0 UPnP/1.0\r\nLocation: http://127.20.0.10:52869/picsdesc.xml\r\n\r\n");
  // The prober's own M-SEARCH has no space after the colons.
  auto terse = plan_ssdp(igd, "M-SEARCH * HTTP/1.1\r\nHost:239.255.255.250:1900\r\nST:upnp:rootdevice\r\n"
                              "Man:\"ssdp:discover\"\r\nMX:3\r\n\r\n");
  CHECK(terse == ssdp);
  CHECK_FALSE(plan_ssdp(igd, "M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n"));  // miniigd ignores ssdp:all
  CHECK_FALSE(plan_ssdp(igd, "NOTIFY * HTTP/1.1\r\nST: upnp:rootdevice\r\n\r\n"));
  CHECK_FALSE(plan_ssdp(host, "M-SEARCH * HTTP/1.1\r\nST: upnp:rootdevice\r\n\r\n"));  // no SSDP
}

TEST_CASE("what serve answers agrees with the manifest, per epoch", "[mock][serve]") {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("{}.{}", "iotprobe_mock_agree_test", ::getpid());
  std::filesystem::remove_all(dir);
  fleet_options opt;
  opt.devices = 3000;
  opt.days = 2;
  opt.intraday_share = 0.3;
  write_fleet(opt, personas(), load_mix(std::filesystem::path(IOTPROBE_MOCK_MIXES_DIR) / "default.mix", personas()), dir);
  std::map<std::uint64_t, std::set<std::string>> ips_of_device;
  for (int epoch = 0; epoch < opt.epochs; ++epoch) {
    auto rows = read_manifest(dir, "2021-05-28", epoch);
    host_table table = host_table::from_manifest(rows, personas());
    REQUIRE(table.size() == rows.size());
    std::set<std::uint64_t> devices;
    std::size_t described = 0;
    for (const auto& r : rows) {
      CHECK(devices.insert(r.device_id).second);  // one address per device per epoch
      ips_of_device[r.device_id].insert(r.ip);
      std::uint32_t addr = 0;
      REQUIRE(parse_ipv4(r.ip, addr));
      const virtual_host* h = table.find(addr);
      REQUIRE(h);
      CHECK(h->p->name == r.persona);
      CHECK(h->p->family == r.family);
      auto [port, path] = description_of(*h->p);
      if (port == 0) continue;
      auto plan = plan_reply(*h, port, "GET " + path + " HTTP/1.1\r\n\r\n");
      REQUIRE(plan);
      CHECK(plan->bytes.find("<UDN>" + r.uuid_raw + "</UDN>") != std::string::npos);
      CHECK(normalize_uuid(r.uuid_raw) == r.uuid);
      ++described;
    }
    CHECK(described > 500);
  }
  std::size_t movers = 0;
  for (auto& [id, ips] : ips_of_device) movers += ips.size() > 1;
  CHECK(movers > 500);  // intraday movers are at other addresses in later epochs
  std::filesystem::remove_all(dir);
}
