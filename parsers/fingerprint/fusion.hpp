// Fusion: every field of every probe answer of one host is matched against the fingerprint
// engine, and the matches are combined into a verdict: the devices behind the address
// (family, vendor, product, version, certainty, ports, conflicts), the evidence and the
// honeypot flag. Family rules that need two pieces of evidence are data (iot.requires /
// iot.tag / iot.refines params), never C++ cases. Pure; never throws.
#pragma once

#include "parsers/fingerprint/fingerprint_engine.hpp"
#include "parsers/model/host_result.hpp"
#include "parsers/model/verdict.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

// The thresholds a researcher may tune (config: min_certainty, honeypot_families).
struct fusion_options {
  double min_certainty = 0.5;         // a device less certain than this is not identified
  std::size_t honeypot_families = 3;  // this many families on one address: honeypot-like
};

// One value a probe answer showed, under the field name the databases match on.
struct field_observation {
  int port = 0;
  probe_kind probe = probe_kind::get_root;
  std::string field;  // "http_header.server", "html_title", "upnp.modelName", …
  std::string value;
  std::vector<int> responses;  // the answers (host_result::probes indexes) that showed it
};

// http: http_header.server, html_title, http_header.wwwauth (each header, full value),
// http_header.names (lower-case names joined by "\n"), http_body (first 64 KiB).
std::vector<field_observation> observe_http(int port, probe_kind probe,
                                            const http_response& response);
// upnp: per device, upnp.deviceType/friendlyName/manufacturer/modelName/modelNumber/
// modelDescription/udn/upc (only the elements present).
std::vector<field_observation> observe_upnp(int port, probe_kind probe,
                                            const upnp_description& description);
// ssdp: ssdp_header.server.
std::vector<field_observation> observe_ssdp(int port, probe_kind probe,
                                            const ssdp_reply& reply);
// Everything a probe_result holds that parsed (HTTP answers of any status code count),
// each observation tagged with `response` (the probe's index in its host).
std::vector<field_observation> observe_probe(const probe_result& probe, int response = 0);

// Matches each observation against every database for its field.
std::vector<evidence> collect_evidence(const fingerprint_engine& engine,
                                       const std::vector<field_observation>& observations);

// Combines evidence into a verdict (see fusion.cpp and fusion_devices.cpp for the rules).
verdict fuse_evidence(std::vector<evidence> evidence, const fusion_options& options = {});

verdict classify_host(const fingerprint_engine& engine, const host_result& host,
                      const fusion_options& options = {});

// One saved answer (what `iotprobe parse http|upnp FILE --fingerprint` needs). Either
// pointer may be null.
verdict classify_single(const fingerprint_engine& engine, int port, probe_kind probe,
                        const http_response* http, const upnp_description* description,
                        const fusion_options& options = {});

}  // namespace iotprobe::parsers
