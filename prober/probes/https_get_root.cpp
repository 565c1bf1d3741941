// GET / over TLS: the opening probe of every HTTPS port (the probed ports listed in
// https_ports). No certificate verification: the leaf certificate is evidence, kept beside
// the answer (subject, issuer, validity, SHA-256 of the DER). The answer is read as GET /
// is, and a redirect is followed over TLS where the same rules allow it; no description
// path and no raw re-read is ever sent to a TLS port.
#include "prober/probes/http_rules.hpp"
#include "prober/probes/probe_table.hpp"

namespace iotprobe::prober {
namespace {

std::vector<port_plan> https_ports(const config::settings& settings) {
  std::vector<port_plan> plans;
  for (const int port : settings.https_ports())
    plans.push_back({port, settings.wire_port(port), &probe_https_get_root, {}, {}});
  return plans;
}

step_plan begin(step_context& ctx) {
  step_plan plan;
  plan.next = step{&probe_https_get_root, ctx.port->plan->port, "/", {}};
  return plan;
}

step_plan read(step s, transport_outcome out, step_context& ctx) {
  return after_root_answer(https_answer(s, std::move(out), ctx.settings), true, ctx);
}

}  // namespace

constexpr probe probe_https_get_root{
    .name = "https_get_root",
    .kind = parsers::probe_kind::https_get_root,
    .via = transport::https,
    .role = step_role::opens_port,
    .speaks_http = true,
    .plan_ports = https_ports,
    .begin = begin,
    .request = https_get,
    .read = read,
};

}  // namespace iotprobe::prober
