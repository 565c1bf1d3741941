// What the fingerprint engine concluded about one host: every identified device (a router
// and the camera it forwards a port to are two), each with the ports its evidence came
// from, and the evidence for each value. The top-level fields repeat the primary (most
// certain) device, so readers of one verdict per host keep working. Produced by
// parsers/fusion; stored by db/, printed by the CLI. Plain data.
#pragma once

#include "parsers/model/probe_kind.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::parsers {

// A single fingerprint match on one field of one probe's answer.
struct evidence {
  int port = 0;             // logical port (80, 81, 52869, …)
  probe_kind probe = probe_kind::get_root;
  std::string field;        // e.g. "http_header.server", "upnp.modelName"
  std::string value;        // the field's value that matched (capped for display)
  std::string database;     // the database's file name or matches key
  std::string fingerprint;  // the fingerprint's description
  std::map<std::string, std::string> params;  // what it extracted (hw.vendor, iot.family, …)
  // The answers that showed this value: indexes into host_result::probes (the store's
  // responses.seq). A rule's iot.requires is met only by tags of one of these answers.
  std::vector<int> responses{};
};

// One device identified on a host. Families asserted on overlapping ports are one device
// (the most certain names it; the others are its conflicts); families whose evidence lies
// on disjoint ports are separate devices behind one address.
struct device_verdict {
  std::string family;
  std::optional<std::string> vendor, product, version;
  double certainty = 0.0;              // 0–1
  std::vector<int> ports;              // logical ports its evidence came from, ascending
  std::vector<std::string> conflicts;  // "family (0.60)": asserted on these ports too
};

struct verdict {
  std::optional<std::string> family;  // the primary device's: stable id such as "wificam"
  std::optional<std::string> vendor, product, version;
  double certainty = 0.0;  // 0–1
  std::vector<parsers::evidence> evidence;  // qualified: the member reuses the type name
  std::vector<std::string> conflicts;  // families asserted against the primary one
  std::vector<device_verdict> devices;  // every identified device, most certain first
  // "family (0.40)": devices under the minimum certainty, so not identified.
  std::vector<std::string> below_threshold;
  // Too many families on one address to be real devices (a honeypot template or a
  // scanner-bait host): reported, and left out of every count.
  bool honeypot_like = false;
};

}  // namespace iotprobe::parsers
