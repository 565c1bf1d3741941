// A redirect: the 3xx Location of GET / (or of a redirect) fetched on the same host, at
// most max_redirects times a port, only where decide_follow allows it (same IP literal, a
// configured port, a path never on the never-request list, the blocklist). On a TLS port
// the redirect stays on TLS (https_redirect): a Location never switches the scheme.
#include "prober/probes/http_rules.hpp"
#include "prober/probes/probe_table.hpp"

namespace iotprobe::prober {

using parsers::probe_status;

std::optional<step> follow_redirect(const std::string& location, step_context& ctx,
                                    step_plan& plan) {
  auto& state = *ctx.port;
  const int port = state.plan->port;
  if (state.redirects >= ctx.settings.limits.max_redirects) {
    plan.results.push_back(probe_note(port, probe_redirect.kind, location, probe_status::skipped,
                                      "redirect cap reached"));
    return std::nullopt;
  }
  const bool tls = state.plan->opening && state.plan->opening->via == transport::https;
  const auto decision = decide_follow(location, ctx.ip, port, ctx.settings, ctx.blocks, tls);
  if (!decision.url) {
    plan.results.push_back(probe_note(port, probe_redirect.kind, location, probe_status::blocked,
                                      decision.refusal));
    return std::nullopt;
  }
  ++state.redirects;
  return step{tls ? &probe_https_redirect : &probe_redirect, decision.url->port,
              decision.url->path, {}};
}

namespace {

step_plan read(step s, transport_outcome out, step_context& ctx) {
  return after_root_answer(http_answer(s, std::move(out), ctx.settings), false, ctx);
}

step_plan read_tls(step s, transport_outcome out, step_context& ctx) {
  return after_root_answer(https_answer(s, std::move(out), ctx.settings), false, ctx);
}

}  // namespace

constexpr probe probe_redirect{
    .name = "redirect",
    .kind = parsers::probe_kind::redirect,
    .via = transport::http,
    .role = step_role::follow_up,
    .speaks_http = true,
    .request = http_get,
    .read = read,
};

constexpr probe probe_https_redirect{
    .name = "https_redirect",
    .kind = parsers::probe_kind::redirect,
    .via = transport::https,
    .role = step_role::follow_up,
    .speaks_http = true,
    .request = https_get,
    .read = read_tls,
};

}  // namespace iotprobe::prober
