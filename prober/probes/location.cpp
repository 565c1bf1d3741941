// The SSDP LOCATION: once every other step of a host is done, the first announced
// LOCATION that decide_follow allows (same IP literal, a configured port, the blocklist) is
// fetched and read as a UPnP description, unless a description probe already got that
// document. A LOCATION never leads to another host or an unlisted port.
#include "prober/probes/http_rules.hpp"
#include "prober/probes/probe_table.hpp"

#include <algorithm>

namespace iotprobe::prober {
namespace {

using parsers::probe_status;

// Whether a description probe already fetched `path` on `port` successfully.
bool already_described(const step_context& ctx, int port, const std::string& path) {
  return std::any_of(ctx.results.begin(), ctx.results.end(), [&](const parsers::probe_result& p) {
    return p.probe == probe_description.kind && p.port == port && p.path == path &&
           p.status == probe_status::ok;
  });
}

step_plan begin(step_context& ctx) {
  step_plan plan;
  if (!ctx.settings.follow_location) return plan;
  for (const auto& a : ctx.announced) {
    // A relative LOCATION resolves against port 80, as HTTP's default.
    const auto decision = decide_follow(a.location, ctx.ip, 80, ctx.settings, ctx.blocks);
    if (!decision.url) {
      plan.results.push_back(probe_note(a.port, probe_location.kind, a.location,
                                        probe_status::blocked, decision.refusal));
      continue;
    }
    const auto& url = *decision.url;
    if (!already_described(ctx, url.port, url.path))
      plan.next = step{&probe_location, url.port, url.path, {}};
    return plan;
  }
  return plan;
}

step_plan read(step s, transport_outcome out, step_context& ctx) {
  auto r = http_answer(s, std::move(out), ctx.settings);
  attach_description(r, ctx.settings);
  step_plan plan;
  plan.results.push_back(std::move(r));
  return plan;
}

}  // namespace

constexpr probe probe_location{
    .name = "location",
    .kind = parsers::probe_kind::location,
    .via = transport::http,
    .role = step_role::after_ports,
    .speaks_http = true,
    .begin = begin,
    .request = http_get,
    .read = read,
};

}  // namespace iotprobe::prober
