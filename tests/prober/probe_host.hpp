// A host as the step runner shows it to a probe, without a loop or a socket: settings with
// the port map and loopback allowed, the port plans from probe_table, one port's state and
// the host's results so far. For tests that call a probe's begin, request and read directly.
#pragma once

#include "config/settings.hpp"
#include "prober/probes/probe_table.hpp"

#include <string>
#include <utility>
#include <vector>

namespace iotprobe::testing {

inline config::settings probe_settings() {
  return config::load_settings("", {{"port_map", "80=18080"}, {"allow", "127.0.0.0/8"}});
}

inline prober::blocklist loopback_blocklist() {
  prober::blocklist b;
  b.add_reserved("127.0.0.0/8");
  b.add_allow("127.0.0.0/8");
  return b;
}

// The host 127.0.0.9 with the shipped default ports; `port` is the lane of plans[lane].
struct probe_host {
  explicit probe_host(config::settings s = probe_settings(), std::size_t lane = 0)
      : settings(std::move(s)), plans(prober::make_port_plans(settings)), port{&plans.at(lane)} {}
  probe_host(const probe_host&) = delete;
  probe_host& operator=(const probe_host&) = delete;

  prober::step_context context() { return {settings, blocks, ip, results, announced, &port}; }
  prober::step_context host_context() { return {settings, blocks, ip, results, announced, nullptr}; }

  config::settings settings;
  prober::blocklist blocks = loopback_blocklist();
  std::string ip = "127.0.0.9";
  std::vector<parsers::probe_result> results;
  std::vector<prober::announcement> announced;
  std::vector<prober::port_plan> plans;
  prober::port_state port;
};

// What a transport would have handed back: one reply with its status and detail.
inline prober::transport_outcome outcome(parsers::probe_status status, std::string bytes,
                                         std::string detail = {}) {
  prober::transport_outcome out;
  out.status = status;
  out.detail = std::move(detail);
  out.replies.push_back(std::move(bytes));
  out.elapsed_ms = 1;
  return out;
}

}  // namespace iotprobe::testing
