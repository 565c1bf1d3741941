// Hand-made host_results for the store and ledger tests: a host at an address that
// served given root UDNs (with serial/model), as the prober would hand them over.
#pragma once

#include "parsers/model/host_result.hpp"
#include "parsers/upnp/udn.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::testing {

struct served_udn {
  served_udn(int p, std::string u, std::optional<std::string> s = std::nullopt,
             std::optional<std::string> m = std::string("LAN-W300N/DR"))
      : port(p), udn(std::move(u)), serial(std::move(s)), model(std::move(m)) {}
  int port;
  std::string udn;
  std::optional<std::string> serial, model;
};

inline parsers::probe_result description_probe(const served_udn& s) {
  parsers::probe_result p;
  p.port = s.port;
  p.probe = parsers::probe_kind::description;
  p.path = s.port == 52869 ? "/picsdesc.xml" : "/simplecfg.xml";
  p.status = parsers::probe_status::ok;
  p.raw = "HTTP/1.1 200 OK\r\n\r\n<root/>";
  parsers::upnp_description d;
  d.status = parsers::probe_status::ok;
  parsers::upnp_device root;
  root.path = "0";
  root.udn = s.udn;
  root.udn_parsed = parsers::normalize_udn(s.udn);
  root.serial_number = s.serial;
  root.model_name = s.model;
  root.manufacturer = "Realtek";
  d.devices.push_back(root);
  p.description = d;
  parsers::http_response http;
  http.status = parsers::probe_status::ok;
  http.status_code = 200;
  http.headers.push_back({"Server", "OS 1.0 UPnP/1.0 Realtek/V1.3"});
  http.body = "<root/>";
  p.http = http;
  return p;
}

inline parsers::host_result make_host(const std::string& ip, std::vector<served_udn> udns,
                                      std::optional<std::string> family = "logitec-router",
                                      std::optional<std::string> country = "JP") {
  parsers::host_result h;
  h.ip = ip;
  h.country = country;
  h.started = std::chrono::system_clock::time_point{std::chrono::seconds{1622073600}};
  h.finished = h.started + std::chrono::seconds{2};
  parsers::probe_result root;
  root.port = 80;
  root.probe = parsers::probe_kind::get_root;
  root.path = "/";
  root.status = family ? parsers::probe_status::ok : parsers::probe_status::refused;
  h.probes.push_back(root);
  for (const auto& u : udns) h.probes.push_back(description_probe(u));
  h.verdict.family = family;
  if (family) {
    h.verdict.vendor = "Logitec";
    h.verdict.certainty = 0.9;
    parsers::device_verdict d{*family, "Logitec", std::nullopt, std::nullopt, 0.9, {80}, {}};
    for (const auto& u : udns) d.ports.push_back(u.port);
    std::sort(d.ports.begin(), d.ports.end());
    h.verdict.devices.push_back(std::move(d));
  }
  return h;
}

// Adds a second identified device on `port` (a camera behind the router's port forward).
inline void add_device(parsers::host_result& h, const std::string& family, int port,
                       std::optional<std::string> udn = std::nullopt) {
  if (udn) h.probes.push_back(description_probe({port, *udn}));
  h.verdict.devices.push_back({family, std::nullopt, std::nullopt, std::nullopt, 0.8, {port}, {}});
}

inline std::string wps_udn(int n) {  // a Realtek WPS UDN with a MAC derived from n
  char mac[13];
  std::snprintf(mac, sizeof mac, "00a0b0%06x", n);
  return std::string("uuid:63041253-1019-2006-1228-") + mac;
}

inline const std::string picsdesc_default = "uuid:12342409-1234-1234-5678-ee1234cc5678";

}  // namespace iotprobe::testing
