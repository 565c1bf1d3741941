// Internal to fusion (fusion.cpp, fusion_devices.cpp): what fusion reads from one piece of
// evidence, looked up once. Never included outside parsers/fingerprint/fusion*.
#pragma once

#include "parsers/fingerprint/fusion.hpp"

#include <string_view>
#include <vector>

namespace iotprobe::parsers::fusion_detail {

struct claim {
  evidence* e = nullptr;
  std::string_view family, requires_expr, refines, tag;
  double certainty = 0.0;
  bool active = false;  // asserts a family, and its iot.requires are met
};

std::string_view param(const evidence& e, std::string_view name);

// Fills the verdict's devices (grouped by the ports their evidence came from), its
// primary fields, below_threshold and honeypot_like from the active claims.
void assign_devices(const std::vector<claim>& claims, const fusion_options& options,
                    verdict& v);

}  // namespace iotprobe::parsers::fusion_detail
