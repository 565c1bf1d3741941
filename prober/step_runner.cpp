// The step runner: a host's plan as probe_table's probes ask for it, with no probe named
// here. Each step waits for a connection slot (global limit, token bucket), is re-checked
// against the blocklist right before it connects, runs on its probe's transport, and its
// outcome goes to the probe's reader, whose next step continues the same lane.
#include "prober/engine_impl.hpp"
#include "prober/probes/probe_table.hpp"

#include <boost/asio/post.hpp>

namespace iotprobe::prober {

using parsers::probe_status;

step_context scan_engine::impl::context(host_job& host, std::size_t lane) {
  return step_context{settings_, blocks_, host.target.ip, host.result.probes, host.announced,
                      lane == host_lane ? nullptr : &host.ports[lane]};
}

// The with_host probes begin first (SSDP waits its window beside the ports), then as many
// ports as per_host_connections allows. A host with nothing to ask completes at once.
void scan_engine::impl::begin_plan(host_job& host) {
  host.ports.reserve(plans_.size());
  // Every port leaves at least one result (a result is ~1 KB: no more than that up front,
  // or 10,000 hosts in flight hold megabytes of empty slots).
  host.result.probes.reserve(plans_.size());
  for (const auto& plan : plans_) host.ports.push_back(port_state{&plan});
  for (const probe* p : probe_table)
    if (p->role == step_role::with_host) begin_host_lane(host, *p);
  start_next_ports(host);
  maybe_complete(host);
}

// A with_host or after_ports probe begins on a new host lane.
void scan_engine::impl::begin_host_lane(host_job& host, const probe& p) {
  auto ctx = context(host, host_lane);
  start_lane(host, host_lane, p.begin(ctx));
}

void scan_engine::impl::start_next_ports(host_job& host) {
  while (host.running_ports < settings_.limits.per_host_connections &&
         host.next_port < host.ports.size()) {
    const auto index = host.next_port++;
    auto ctx = context(host, index);
    start_lane(host, index, host.ports[index].plan->opening->begin(ctx));
  }
}

// Keeps what a probe's begin noted and runs its first step on `lane`; a probe with no
// first step leaves the lane unstarted (never ended inline: the caller may be looping).
void scan_engine::impl::start_lane(host_job& host, std::size_t lane, step_plan first) {
  for (auto& r : first.results) host.result.probes.push_back(std::move(r));
  if (!first.next) return;
  ++(lane == host_lane ? host.running_host_lanes : host.running_ports);
  run_step(host, lane, std::move(*first.next));
}

// The step a port opens with (for a port that never started, what it was skipped).
std::optional<step> scan_engine::impl::opening_step(host_job& host, std::size_t index) {
  auto ctx = context(host, index);
  return host.ports[index].plan->opening->begin(ctx).next;
}

void scan_engine::impl::run_step(host_job& host, std::size_t lane, step s) {
  request_connection(host, lane, std::move(s));
}

// Runs inside pump_connections with a slot taken, for a host that is still running.
void scan_engine::impl::connect_step(host_id id, std::size_t lane, step s) {
  auto& host = *find_host(id);
  if (!allowed_now(host, s)) return give_back_refused(host, lane);
  const auto request = s.what->request(s, context(host, lane));
  const auto op = host.open_op(lane, std::move(s));
  host.ops[op].exchange = transports_.start(request, [this, id, op](transport_outcome out) {
    on_outcome(id, op, std::move(out));
  });
}

// The last-moment check: the address must still pass the blocklist for this connection.
bool scan_engine::impl::allowed_now(host_job& host, const step& s) {
  const auto check = blocks_.check(host.address);
  if (check.allowed()) return true;
  host.result.probes.push_back(probe_note(s.port, s.what->kind, s.path, probe_status::blocked,
                                          check.detail));
  return false;
}

// After allowed_now refused: frees the slot; a host lane is free at once, and the plan moves
// on from the loop, never inline (the caller is inside pump_connections).
void scan_engine::impl::give_back_refused(host_job& host, std::size_t lane) {
  if (lane == host_lane) --host.running_host_lanes;
  release_connection();
  boost::asio::post(io_, [this, id = host.id, lane] {
    auto* again = find_host(id);
    if (!again) return;
    lane == host_lane ? maybe_complete(*again) : port_finished(*again);
  });
}

void scan_engine::impl::on_outcome(host_id id, std::uint64_t op_id, transport_outcome out) {
  active_op op;
  auto* host = close_op(id, op_id, &op);
  if (!host) return;
  const probe& p = *op.task.what;
  if (p.speaks_http) ++stats_.http_exchanges;
  auto ctx = context(*host, op.lane);
  apply(*host, op.lane, p.read(std::move(op.task), std::move(out), ctx));
}

void scan_engine::impl::apply(host_job& host, std::size_t lane, step_plan plan) {
  if (plan.port_answered) ++stats_.open_ports;
  for (auto& r : plan.results) host.result.probes.push_back(std::move(r));
  if (plan.next) return run_step(host, lane, std::move(*plan.next));
  end_lane(host, lane);
}

void scan_engine::impl::end_lane(host_job& host, std::size_t lane) {
  if (lane != host_lane) return port_finished(host);
  --host.running_host_lanes;
  maybe_complete(host);
}

void scan_engine::impl::port_finished(host_job& host) {
  --host.running_ports;
  start_next_ports(host);
  maybe_complete(host);
}

// Once every port and host lane is done, the after_ports probes begin (once); the host
// completes when they are done too.
void scan_engine::impl::maybe_complete(host_job& host) {
  if (host.running_ports > 0 || host.next_port < host.ports.size() ||
      host.running_host_lanes > 0 || !host.ops.empty())
    return;
  if (!host.end_phase) {
    host.end_phase = true;
    for (const probe* p : probe_table)
      if (p->role == step_role::after_ports) begin_host_lane(host, *p);
    if (host.running_host_lanes > 0) return;
  }
  complete_host(host);
}

}  // namespace iotprobe::prober
