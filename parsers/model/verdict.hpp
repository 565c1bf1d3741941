// One verdict per host: what the fingerprint engine concluded from every field match
// on every port, and the evidence for each value. Produced by parsers/fusion; stored
// by db/, printed by the CLI. Plain data.
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
};

struct verdict {
  std::optional<std::string> family;  // stable id such as "logitec-router", "wificam"
  std::optional<std::string> vendor, product, version;
  double certainty = 0.0;  // 0–1
  std::vector<parsers::evidence> evidence;  // qualified: the member reuses the type name
  std::vector<std::string> conflicts;  // families asserted against the chosen one
};

}  // namespace iotprobe::parsers
