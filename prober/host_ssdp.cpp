// One host's SSDP step and its end: the unicast M-SEARCH (run beside the port probes),
// then, once every port is done, the SSDP LOCATION if decide_follow allows it, then the
// hand-off to complete_host. A LOCATION never leads to another host or an unlisted port.
#include "prober/engine_impl.hpp"

#include "parsers/upnp/ssdp_reply.hpp"

#include <algorithm>

namespace iotprobe::prober {

using parsers::probe_kind;
using parsers::probe_status;

namespace {
constexpr int ssdp_logical_port = 1900;
}  // namespace

void scan_engine::impl::start_ssdp(host_job& host) {
  host.ssdp_running = true;
  request_connection(host, [this, id = host.id] {
    auto* h = find_host(id);
    if (!allowed_now(*h, ssdp_logical_port, probe_kind::ssdp, "")) {
      h->ssdp_running = false;
      return give_back_refused(id, no_port);
    }
    ssdp_request req;
    req.ip = h->target.ip;
    req.wire_port = settings_.wire_port(ssdp_logical_port);
    req.search_target = settings_.ssdp_st;
    req.window_ms = settings_.limits.ssdp_window_ms;
    const auto op_id = h->open_op(ssdp_logical_port, probe_kind::ssdp);
    h->ops[op_id].socket = ssdp_search(io_, req, [this, id, op_id](socket_outcome out) {
      on_ssdp(id, op_id, std::move(out));
    });
  });
}

void scan_engine::impl::on_ssdp(host_id id, std::uint64_t op_id, socket_outcome out) {
  auto* host = close_op(id, op_id);
  if (!host) return;
  host->ssdp_running = false;
  if (out.messages.empty()) {
    auto r = probe_note(ssdp_logical_port, probe_kind::ssdp, "", out.status, out.detail);
    r.elapsed_ms = out.elapsed_ms;
    host->result.probes.push_back(std::move(r));
  }
  for (auto& message : out.messages) {
    parsers::probe_result r;
    r.port = ssdp_logical_port;
    r.probe = probe_kind::ssdp;
    r.elapsed_ms = out.elapsed_ms;
    r.ssdp = parsers::parse_ssdp_reply(message);
    r.status = r.ssdp->status;
    r.detail = r.ssdp->detail;
    if (r.ssdp->location &&
        std::find(host->locations.begin(), host->locations.end(), *r.ssdp->location) ==
            host->locations.end())
      host->locations.push_back(*r.ssdp->location);
    r.raw = std::move(message);
    host->result.probes.push_back(std::move(r));
  }
  maybe_complete(*host);
}

// Fetches the first allowed LOCATION unless that document was already fetched as a
// description. Returns with location_running set when a fetch was started.
void scan_engine::impl::maybe_follow_location(host_job& host) {
  if (!settings_.follow_location) return;
  for (const auto& location : host.locations) {
    const auto decision = decide_follow(location, host.target.ip, 80, settings_, blocks_);
    if (!decision.url) {
      host.result.probes.push_back(probe_note(ssdp_logical_port, probe_kind::location, location,
                                              probe_status::blocked, decision.refusal));
      continue;
    }
    const auto& url = *decision.url;
    const bool seen = std::any_of(
        host.result.probes.begin(), host.result.probes.end(), [&](const parsers::probe_result& p) {
          return p.probe == probe_kind::description && p.port == url.port && p.path == url.path &&
                 p.status == probe_status::ok;
        });
    if (seen) return;
    host.location_running = true;
    return http_step(host, no_port, probe_kind::location, url.path, url.port);
  }
}

void scan_engine::impl::maybe_complete(host_job& host) {
  if (host.running_ports > 0 || host.next_port < host.ports.size() || host.ssdp_running ||
      host.location_running || !host.ops.empty())
    return;
  if (!host.location_phase) {
    host.location_phase = true;
    maybe_follow_location(host);
    if (host.location_running) return;
  }
  complete_host(host);
}

}  // namespace iotprobe::prober
