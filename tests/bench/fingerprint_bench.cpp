// Benchmark (never a test): hosts classified per second on one core with our databases
// plus Recog's http_servers.xml loaded. A host is a GET / response (Server + title) and a
// UPnP description. Prints the median of 5 runs and the ratio to a parse-only loop.
// Usage: fingerprint_bench [HOSTS] [DB_DIR_OR_XML…]; paths default to the source tree.
#include "parsers/fingerprint/fusion.hpp"
#include "parsers/http/http_response.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace iotprobe::parsers;

struct raw_host {
  std::string http;
  std::string xml;
};

// A spread of banners: family devices, generic servers that run through all of Recog's
// 450 patterns without a match, and a few generic ones that match.
raw_host make_host(std::size_t i) {
  static const std::vector<std::string> servers{
      "GoAhead-Webs", "Apache/2.4.41 (Ubuntu)", "nginx/1.18.0", "micro_httpd", "uc-httpd 1.0.0",
      "lighttpd/1.4.54", "Boa/0.94.14rc21", "DWS", "httpd", "Linux UPnP/1.0 Huawei-ATP-IGD",
      "mini_httpd/1.19 19dec2003", "Router Webserver", "SomeDevice/" + std::to_string(i % 97)};
  static const std::vector<std::string> titles{
      "NETSurveillance WEB", "CMS Web Viewer", "Welcome to nginx!", "DD-WRT (build 35030M) - Info",
      "Vigor 2960", "Login", "GPON Home Gateway", "Web Client " + std::to_string(i % 13)};
  const auto& server = servers[i % servers.size()];
  const auto& title = titles[(i / 3) % titles.size()];
  const std::string body = "<html><head><title>" + title + "</title></head><body>hello</body></html>";
  raw_host h;
  h.http = fmt::format("HTTP/1.1 200 OK\r\nServer: {}\r\nContent-Type: text/html\r\n"
                       "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                       server, body.size(), body);
  h.xml = fmt::format(R"(<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
<device><deviceType>urn:schemas-wifialliance-org:device:WFADevice:1</deviceType>
<friendlyName>RTL8186 WFA Device</friendlyName><manufacturer>Realtek Semiconductor</manufacturer>
<modelName>Simple Config UPnP Proxy Version 1.0</modelName><modelNumber>RTL8186</modelNumber>
<serialNumber>12345678</serialNumber><UDN>uuid:63041253-1019-2006-1228-{:012x}</UDN>
<serviceList><service><serviceType>urn:schemas-wifialliance-org:service:WFAWLANConfig:1</serviceType>
<serviceId>urn:wifialliance-org:serviceId:WFAWLANConfig1</serviceId><SCPDURL>/simplecfgservice.xml</SCPDURL>
<controlURL>/upnp/control/WFAWLANConfig1</controlURL><eventSubURL>/upnp/event/WFAWLANConfig1</eventSubURL>
</service></serviceList></device></root>)",
                      0x00e04c000000 + i);
  return h;
}

host_result parse_host(const raw_host& raw) {
  host_result host;
  probe_result get;
  get.port = 80;
  get.probe = probe_kind::get_root;
  get.http = parse_http_response(raw.http);
  probe_result desc;
  desc.port = 52881;
  desc.probe = probe_kind::description;
  desc.description = parse_upnp_description(raw.xml);
  host.probes.push_back(std::move(get));
  host.probes.push_back(std::move(desc));
  return host;
}

// This thread's CPU time: the machine is shared, and "one core" is what is measured, so
// time spent waiting for a CPU must not count. Wall time is printed beside it.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct rate {
  double cpu = 0, wall = 0;  // hosts per second
};

template <typename Body>
rate hosts_per_second(const std::vector<raw_host>& hosts, Body&& body) {
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_seconds();
  for (const raw_host& raw : hosts) body(raw);
  const double cpu = thread_cpu_seconds() - cpu_start;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  const auto n = static_cast<double>(hosts.size());
  return {n / cpu, n / wall.count()};
}

double median(std::vector<rate> v, double rate::*field) {
  std::sort(v.begin(), v.end(), [&](const rate& a, const rate& b) { return a.*field < b.*field; });
  return v[v.size() / 2].*field;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path source = fs::path(__FILE__).parent_path().parent_path().parent_path();
  const std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
  std::vector<fs::path> dbs;
  for (int i = 2; i < argc; ++i) dbs.emplace_back(argv[i]);
  if (dbs.empty()) {
    dbs.push_back(source / "config" / "fingerprints");
    const fs::path recog = source.parent_path() / "shared" / "data" / "recog" / "http_servers.xml";
    if (fs::exists(recog)) dbs.push_back(recog);
    else fmt::print("warning: {} missing; our databases only\n", recog.string());
  }
  const auto engine = fingerprint_engine::load(dbs);
  std::size_t fingerprints = 0;
  for (const auto& db : engine.databases()) fingerprints += db.fingerprints().size();
  fmt::print("{} databases, {} fingerprints, {} hosts per run\n", engine.databases().size(),
             fingerprints, count);

  std::vector<raw_host> hosts;
  for (std::size_t i = 0; i < count; ++i) hosts.push_back(make_host(i));
  std::size_t families = 0, sink = 0;
  std::vector<rate> parse_only, classify;
  for (int run = 0; run < 5; ++run) {
    parse_only.push_back(hosts_per_second(hosts, [&](const raw_host& raw) {
      sink += parse_host(raw).probes.size();
    }));
    families = 0;
    classify.push_back(hosts_per_second(hosts, [&](const raw_host& raw) {
      const verdict v = classify_host(engine, parse_host(raw));
      families += v.family ? 1 : 0;
    }));
    fmt::print("run {}: parse only {:.0f} hosts/s, parse + classify {:.0f} hosts/s (CPU time; "
               "wall {:.0f} / {:.0f})\n",
               run + 1, parse_only.back().cpu, classify.back().cpu, parse_only.back().wall,
               classify.back().wall);
  }
  const double p = median(parse_only, &rate::cpu), c = median(classify, &rate::cpu);
  fmt::print("median of 5 (CPU time): parse only {:.0f} hosts/s; parse + classify {:.0f} hosts/s "
             "({:.1f}x the parse-only time); wall medians {:.0f} / {:.0f}; {} of {} hosts got a "
             "family (sink {})\n",
             p, c, p / c, median(parse_only, &rate::wall), median(classify, &rate::wall),
             families, count, sink);
  return c >= 20000 ? 0 : 1;
}
