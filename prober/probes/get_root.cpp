// GET / : the opening probe of every HTTP port (the profile's ports, or --ports). Its answer
// leads to a checked redirect or to the port's description paths; an answer curl refuses as
// not HTTP, with bytes a lenient parser may read, is re-read once over raw TCP.
#include "prober/probes/http_rules.hpp"
#include "prober/probes/probe_table.hpp"

namespace iotprobe::prober {
namespace {

std::vector<port_plan> http_ports(const config::settings& settings) {
  std::vector<port_plan> plans;
  for (const int port : settings.http_ports())
    plans.push_back({port, settings.wire_port(port), &probe_get_root, settings.paths_for(port), {}});
  return plans;
}

step_plan begin(step_context& ctx) {
  step_plan plan;
  plan.next = step{&probe_get_root, ctx.port->plan->port, "/", {}};
  return plan;
}

step_plan read(step s, transport_outcome out, step_context& ctx) {
  const bool curl_refused = out.status == parsers::probe_status::not_http;  // not the parser
  auto answer = http_answer(s, std::move(out), ctx.settings);
  if (curl_refused && !answer.raw.empty()) {
    step_plan plan;  // curl refused bytes parse_http_response may still read
    plan.next = step{&probe_raw_get_root, s.port, "/", std::move(answer)};
    return plan;
  }
  return after_root_answer(std::move(answer), true, ctx);
}

}  // namespace

constexpr probe probe_get_root{
    .name = "get_root",
    .kind = parsers::probe_kind::get_root,
    .via = transport::http,
    .role = step_role::opens_port,
    .speaks_http = true,
    .plan_ports = http_ports,
    .begin = begin,
    .request = http_get,
    .read = read,
};

}  // namespace iotprobe::prober
