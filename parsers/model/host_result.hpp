// What the prober learned about one host: one probe_result per (port, probe) and the
// fused verdict. The prober hands each finished host_result to a sink; db/ stores it.
// It lives in parsers/ because both prober/ and db/ use it and neither may include the other.
#pragma once

#include "parsers/http/http_response.hpp"
#include "parsers/http/tls_certificate.hpp"
#include "parsers/core/probe_status.hpp"
#include "parsers/model/probe_kind.hpp"
#include "parsers/upnp/ssdp_reply.hpp"
#include "parsers/upnp/upnp_description.hpp"
#include "parsers/model/verdict.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::parsers {

using wall_time = std::chrono::system_clock::time_point;

struct probe_result {
  int port = 0;        // logical port (rules, database and reports never see wire ports)
  probe_kind probe = probe_kind::get_root;
  std::string path;    // request path, "" for non-HTTP probes
  probe_status status = probe_status::skipped;
  std::string detail;
  std::string raw;     // bytes as received, capped
  double elapsed_ms = 0;
  std::optional<http_response> http;
  std::optional<upnp_description> description;
  std::optional<ssdp_reply> ssdp;
  std::optional<tls_certificate> certificate;  // an HTTPS answer's leaf certificate
};

struct host_result {
  std::string ip;
  std::optional<std::string> day, country, tag;  // from the input row, when present
  std::optional<wall_time> first_seen = std::nullopt;  // when the darknet first saw the source (input/capture)
  wall_time started{}, finished{};
  std::vector<probe_result> probes;
  parsers::verdict verdict;  // qualified: the member reuses the type name
};

}  // namespace iotprobe::parsers
