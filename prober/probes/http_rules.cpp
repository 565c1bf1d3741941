// The GET every HTTP probe sends and what an answer to GET / leads to (http_rules.hpp).
// Pure: it builds requests and plans, and never connects.
#include "prober/probes/http_rules.hpp"

#include "prober/probes/probe_table.hpp"

namespace iotprobe::prober {

using parsers::probe_status;

transport_request http_get(const step& s, const step_context& ctx) {
  const auto& limits = ctx.settings.limits;
  http_request req;
  req.ip = ctx.ip;
  req.wire_port = ctx.settings.wire_port(s.port);
  req.path = s.path;
  req.connect_timeout_ms = limits.connect_timeout_ms;
  req.deadline_ms = limits.transfer_deadline_ms;
  req.max_header_bytes = limits.max_header_bytes;
  req.max_body_bytes = limits.max_body_bytes;
  req.user_agent = ctx.settings.user_agent;
  return req;
}

transport_request https_get(const step& s, const step_context& ctx) {
  https_request req;
  static_cast<http_request&>(req) = std::get<http_request>(http_get(s, ctx));
  return req;
}

parsers::probe_result http_answer(const step& s, transport_outcome out,
                                  const config::settings& settings) {
  auto bytes = take_first_reply(out);
  return http_probe_result(s.port, s.what->kind, s.path, out.status, std::move(out.detail),
                           std::move(bytes), out.elapsed_ms, settings);
}

parsers::probe_result https_answer(const step& s, transport_outcome out,
                                   const config::settings& settings) {
  auto lines = std::move(out.certificate);
  auto answer = http_answer(s, std::move(out), settings);
  if (!lines.empty()) answer.certificate = parsers::parse_certificate_info(lines);
  return answer;
}

step_plan after_root_answer(parsers::probe_result answer, bool counts_open, step_context& ctx) {
  const auto& plan = *ctx.port->plan;
  step_plan out;
  const bool dead = port_is_dead(answer);
  out.port_answered = counts_open && !dead;
  const auto location = redirect_location(answer);
  out.results.push_back(std::move(answer));
  if (dead) {
    if (!plan.paths.empty())
      out.results.push_back(probe_note(plan.port, probe_description.kind, "",
                                       probe_status::skipped, "port closed or silent on GET /"));
    return out;
  }
  if (location) out.next = follow_redirect(*location, ctx, out);
  if (!out.next) out.next = next_description(ctx);
  return out;
}

}  // namespace iotprobe::prober
