// The banner: the opening probe of every raw TCP port (config banner.<port>). It connects,
// sends the port's payload file if it has one, and keeps what the device says, capped at
// banner_bytes. Never anything but the configured, anonymous payload.
#include "prober/probes/probe_table.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace iotprobe::prober {
namespace {

std::string read_payload(const std::string& file) {
  if (file.empty()) return {};
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read banner payload '" + file + "'");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<port_plan> banner_ports(const config::settings& settings) {
  std::vector<port_plan> plans;
  for (const auto& b : settings.banner_ports)
    plans.push_back({b.port, settings.wire_port(b.port), &probe_banner, {}, read_payload(b.payload_file)});
  return plans;
}

step_plan begin(step_context& ctx) {
  step_plan plan;
  plan.next = step{&probe_banner, ctx.port->plan->port, "", {}};
  return plan;
}

transport_request request(const step&, const step_context& ctx) {
  const auto& limits = ctx.settings.limits;
  const auto& plan = *ctx.port->plan;
  return banner_request{ctx.ip, plan.wire_port, plan.payload, limits.connect_timeout_ms,
                        limits.transfer_deadline_ms, limits.banner_bytes};
}

step_plan read(step s, transport_outcome out, step_context&) {
  auto r = probe_note(s.port, s.what->kind, "", out.status, out.detail);
  r.raw = take_first_reply(out);
  r.elapsed_ms = out.elapsed_ms;
  step_plan plan;
  plan.results.push_back(std::move(r));
  return plan;
}

}  // namespace

constexpr probe probe_banner{
    .name = "banner",
    .kind = parsers::probe_kind::banner,
    .via = transport::tcp,
    .role = step_role::opens_port,
    .plan_ports = banner_ports,
    .begin = begin,
    .request = request,
    .read = read,
};

}  // namespace iotprobe::prober
