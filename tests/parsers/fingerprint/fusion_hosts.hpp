// Hosts made by hand for the fusion and identity tests: the shipped fingerprint databases
// loaded once, an HTTP answer of any probe kind, a description answer, an SSDP reply, and a
// host holding given answers. Test helpers only (iotprobe::testing); nothing here opens a
// socket or a file but the databases.
#pragma once

#include "parsers/fingerprint/fusion.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace iotprobe::testing {

inline const parsers::fingerprint_engine& shipped_engine() {
  static const parsers::fingerprint_engine e =
      parsers::fingerprint_engine::load({IOTPROBE_SOURCE_DIR "/config/fingerprints"});
  return e;
}

inline parsers::probe_result http_answer(int port, parsers::probe_kind kind, int code,
                                         std::vector<std::pair<std::string, std::string>> headers,
                                         std::optional<std::string> title = {}) {
  parsers::http_response r;
  r.status = parsers::probe_status::ok;
  r.version = "HTTP/1.1";
  r.status_code = code;
  for (auto& [name, value] : headers) r.headers.push_back({name, value});
  if (title) r.title = parsers::decoded_text{*title, *title, "utf-8"};
  parsers::probe_result p;
  p.port = port;
  p.probe = kind;
  p.path = kind == parsers::probe_kind::description ? "/description.xml" : "/";
  p.status = parsers::probe_status::ok;
  p.http = std::move(r);
  return p;
}

// A description probe on PORT that parsed into DEVICES (no HTTP answer attached).
inline parsers::probe_result description_answer(int port, std::vector<parsers::upnp_device> devices) {
  parsers::upnp_description doc;
  doc.status = parsers::probe_status::ok;
  doc.devices = std::move(devices);
  parsers::probe_result p;
  p.port = port;
  p.probe = parsers::probe_kind::description;
  p.status = parsers::probe_status::ok;
  p.description = std::move(doc);
  return p;
}

// A unicast SSDP reply on 1900 with the given Server and USN headers (either may be absent).
inline parsers::probe_result ssdp_answer(std::optional<std::string> server,
                                         std::optional<std::string> usn) {
  parsers::probe_result p;
  p.port = 1900;
  p.probe = parsers::probe_kind::ssdp;
  p.status = parsers::probe_status::ok;
  p.ssdp = parsers::ssdp_reply{};
  p.ssdp->status = parsers::probe_status::ok;
  p.ssdp->server = std::move(server);
  p.ssdp->usn = std::move(usn);
  return p;
}

inline parsers::host_result host_of(std::vector<parsers::probe_result> probes) {
  parsers::host_result h;
  h.ip = "192.0.2.9";
  h.probes = std::move(probes);
  return h;
}

}  // namespace iotprobe::testing
