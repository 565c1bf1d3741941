// One host's probe plan: per port GET / (following at most max_redirects checked
// redirects), then the port's description paths up to the first well-formed description;
// SSDP alongside; then the SSDP LOCATION if allowed. A closed or silent port skips the rest.
// Every connection is re-checked against the blocklist right before it is made.
#include "prober/engine_impl.hpp"

#include <boost/asio/post.hpp>

namespace iotprobe::prober {

using parsers::probe_kind;
using parsers::probe_status;

void scan_engine::impl::begin_plan(host_job& host) {
  host.ports.reserve(plans_.size());
  for (const auto& plan : plans_) host.ports.push_back(port_state{&plan});
  if (settings_.ssdp) start_ssdp(host);
  start_next_ports(host);
}

void scan_engine::impl::start_next_ports(host_job& host) {
  while (host.running_ports < settings_.limits.per_host_connections &&
         host.next_port < host.ports.size()) {
    const auto index = host.next_port++;
    ++host.running_ports;
    start_port(host, index);
  }
}

void scan_engine::impl::start_port(host_job& host, std::size_t index) {
  const auto& plan = *host.ports[index].plan;
  if (plan.http) return http_step(host, index, probe_kind::get_root, "/", plan.port);
  start_banner(host, index);
}

// The last-moment check: the address must still pass the blocklist for this connection.
bool scan_engine::impl::allowed_now(host_job& host, int port, probe_kind probe,
                                    const std::string& path) {
  const auto check = blocks_.check(host.target.ip);
  if (check.allowed()) return true;
  host.result.probes.push_back(probe_note(port, probe, path, probe_status::blocked, check.detail));
  return false;
}

// After allowed_now refused: frees the slot and moves the plan on from the loop, never
// inline (the caller is inside pump_connections). index no_port continues the host's end.
void scan_engine::impl::give_back_refused(host_id id, std::size_t index) {
  release_connection();
  boost::asio::post(io_, [this, id, index] {
    if (auto* again = find_host(id)) index == no_port ? maybe_complete(*again) : port_finished(*again);
  });
}

void scan_engine::impl::http_step(host_job& host, std::size_t index, probe_kind probe,
                                  std::string path, int port) {
  request_connection(host, [this, id = host.id, index, probe, path, port] {
    auto* h = find_host(id);
    if (!allowed_now(*h, port, probe, path)) {
      if (index == no_port) h->location_running = false;
      return give_back_refused(id, index);
    }
    http_request req;
    req.ip = h->target.ip;
    req.wire_port = settings_.wire_port(port);
    req.path = path;
    req.connect_timeout_ms = settings_.limits.connect_timeout_ms;
    req.deadline_ms = settings_.limits.transfer_deadline_ms;
    req.max_header_bytes = settings_.limits.max_header_bytes;
    req.max_body_bytes = settings_.limits.max_body_bytes;
    req.user_agent = settings_.user_agent;
    const auto op_id = h->open_op(port, probe, path);
    h->ops[op_id].http = http_.get(req, [this, id, op_id, index](http_outcome out) {
      on_http(id, op_id, index, std::move(out));
    });
  });
}

void scan_engine::impl::on_http(host_id id, std::uint64_t op_id, std::size_t index,
                                http_outcome out) {
  active_op op;
  auto* host = close_op(id, op_id, &op);
  if (!host) return;
  ++stats_.http_exchanges;
  auto r = http_probe_result(op.port, op.probe, op.path, out.status, std::move(out.detail),
                             std::move(out.raw), out.elapsed_ms, settings_);
  if (op.probe == probe_kind::location) {
    attach_description(r, settings_);
    host->result.probes.push_back(std::move(r));
    host->location_running = false;
    return maybe_complete(*host);
  }
  if (op.probe == probe_kind::description) {
    const bool found = attach_description(r, settings_);
    const bool dead = port_is_dead(r);
    host->result.probes.push_back(std::move(r));
    if (found || dead) {
      host->ports[index].got_description = found;
      return port_finished(*host);
    }
    return next_description(*host, index);
  }
  if (op.probe == probe_kind::get_root && r.status == probe_status::not_http && !r.raw.empty() &&
      out.status == probe_status::not_http)
    return raw_get_root(*host, index, std::move(r));  // curl refused bytes a parser may read
  after_get_root(*host, index, std::move(r));
}

void scan_engine::impl::after_get_root(host_job& host, std::size_t index, parsers::probe_result r) {
  auto& state = host.ports[index];
  const auto& plan = *state.plan;
  const bool dead = port_is_dead(r);
  if (r.probe == probe_kind::get_root && !dead) ++stats_.open_ports;
  const auto location = redirect_location(r);
  host.result.probes.push_back(std::move(r));
  if (dead) {
    if (!plan.paths.empty())
      host.result.probes.push_back(probe_note(plan.port, probe_kind::description, "", probe_status::skipped,
                                        "port closed or silent on GET /"));
    return port_finished(host);
  }
  if (location) {
    if (state.redirects >= settings_.limits.max_redirects) {
      host.result.probes.push_back(probe_note(plan.port, probe_kind::redirect, *location, probe_status::skipped,
                                        "redirect cap reached"));
    } else {
      const auto decision = decide_follow(*location, host.target.ip, plan.port, settings_, blocks_);
      if (decision.url) {
        ++state.redirects;
        return http_step(host, index, probe_kind::redirect, decision.url->path, decision.url->port);
      }
      host.result.probes.push_back(
          probe_note(plan.port, probe_kind::redirect, *location, probe_status::blocked, decision.refusal));
    }
  }
  next_description(host, index);
}

void scan_engine::impl::next_description(host_job& host, std::size_t index) {
  auto& state = host.ports[index];
  if (state.next_path >= state.plan->paths.size()) return port_finished(host);
  const auto path = state.plan->paths[state.next_path++];
  http_step(host, index, probe_kind::description, path, state.plan->port);
}

void scan_engine::impl::port_finished(host_job& host) {
  --host.running_ports;
  start_next_ports(host);
  maybe_complete(host);
}

void scan_engine::impl::start_banner(host_job& host, std::size_t index) {
  const auto& plan = *host.ports[index].plan;
  request_connection(host, [this, id = host.id, index, &plan] {
    auto* h = find_host(id);
    if (!allowed_now(*h, plan.port, probe_kind::banner, "")) return give_back_refused(id, index);
    banner_request req{h->target.ip, plan.wire_port, plan.banner_payload,
                       settings_.limits.connect_timeout_ms, settings_.limits.transfer_deadline_ms,
                       settings_.limits.banner_bytes};
    const auto op_id = h->open_op(plan.port, probe_kind::banner);
    h->ops[op_id].socket = grab_banner(io_, req, [this, id, op_id, port = plan.port](socket_outcome out) {
      auto* host = close_op(id, op_id);
      if (!host) return;
      auto r = probe_note(port, probe_kind::banner, "", out.status, out.detail);
      r.raw = out.messages.empty() ? std::string{} : std::move(out.messages.front());
      r.elapsed_ms = out.elapsed_ms;
      host->result.probes.push_back(std::move(r));
      port_finished(*host);
    });
  });
}

}  // namespace iotprobe::prober
