// SSDP: one unicast M-SEARCH to the host's UDP 1900 (config ssdp, ssdp_st), run beside the
// port probes from the host's start. Each reply is parsed and kept; its LOCATION is
// announced for probe_location, which alone decides whether it is fetched.
#include "prober/probes/probe_table.hpp"

#include "parsers/upnp/ssdp_reply.hpp"

#include <algorithm>

namespace iotprobe::prober {
namespace {

constexpr int ssdp_port = 1900;  // logical; the port map may move it on the wire

step_plan begin(step_context& ctx) {
  step_plan plan;
  if (ctx.settings.ssdp) plan.next = step{&probe_ssdp, ssdp_port, "", {}};
  return plan;
}

transport_request request(const step& s, const step_context& ctx) {
  ssdp_request req;
  req.ip = ctx.ip;
  req.wire_port = ctx.settings.wire_port(s.port);
  req.search_target = ctx.settings.ssdp_st;
  req.window_ms = ctx.settings.limits.ssdp_window_ms;
  return req;
}

void announce(std::vector<announcement>& announced, int port, const std::string& location) {
  const bool known = std::any_of(announced.begin(), announced.end(),
                                 [&](const announcement& a) { return a.location == location; });
  if (!known) announced.push_back({port, location});
}

step_plan read(step s, transport_outcome out, step_context& ctx) {
  step_plan plan;
  if (out.replies.empty()) {
    auto r = probe_note(s.port, s.what->kind, "", out.status, out.detail);
    r.elapsed_ms = out.elapsed_ms;
    plan.results.push_back(std::move(r));
  }
  for (auto& message : out.replies) {
    parsers::probe_result r;
    r.port = s.port;
    r.probe = s.what->kind;
    r.elapsed_ms = out.elapsed_ms;
    r.ssdp = parsers::parse_ssdp_reply(message);
    r.status = r.ssdp->status;
    r.detail = r.ssdp->detail;
    if (r.ssdp->location) announce(ctx.announced, s.port, *r.ssdp->location);
    r.raw = std::move(message);
    plan.results.push_back(std::move(r));
  }
  return plan;
}

}  // namespace

constexpr probe probe_ssdp{
    .name = "ssdp",
    .kind = parsers::probe_kind::ssdp,
    .via = transport::udp,
    .role = step_role::with_host,
    .begin = begin,
    .request = request,
    .read = read,
};

}  // namespace iotprobe::prober
