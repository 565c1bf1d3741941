// A UPnP description: the port's description paths (config paths.<port>, else
// paths.fallback) fetched in order until one is a well-formed description or the port dies.
#include "prober/probes/http_rules.hpp"
#include "prober/probes/probe_table.hpp"

namespace iotprobe::prober {

std::optional<step> next_description(step_context& ctx) {
  auto& state = *ctx.port;
  if (state.next_path >= state.plan->paths.size()) return std::nullopt;
  return step{&probe_description, state.plan->port, state.plan->paths[state.next_path++], {}};
}

namespace {

step_plan read(step s, transport_outcome out, step_context& ctx) {
  auto r = http_answer(s, std::move(out), ctx.settings);
  const bool found = attach_description(r, ctx.settings);
  const bool dead = port_is_dead(r);
  step_plan plan;
  plan.results.push_back(std::move(r));
  if (!found && !dead) plan.next = next_description(ctx);
  return plan;
}

}  // namespace

constexpr probe probe_description{
    .name = "description",
    .kind = parsers::probe_kind::description,
    .via = transport::http,
    .role = step_role::follow_up,
    .speaks_http = true,
    .request = http_get,
    .read = read,
};

}  // namespace iotprobe::prober
