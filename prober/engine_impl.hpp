// Internal to the scan engine (engine.cpp: admission, limits, lifecycle; step_runner.cpp:
// running a host's steps as probe_table's probes ask). Not a public header: only
// prober/*.cpp include it. Single-threaded: every member is touched only from the
// io_context's thread.
#pragma once

#include "prober/engine.hpp"
#include "prober/plan.hpp"
#include "prober/probes/probe.hpp"
#include "prober/politeness_budget.hpp"
#include "prober/transports.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <unordered_map>

namespace iotprobe::prober {

using host_id = std::uint64_t;

// A host's steps run on lanes: one per port (its index in host_job::ports), where each step
// follows the last, and host lanes (with_host and after_ports probes), all named host_lane.
constexpr std::size_t host_lane = static_cast<std::size_t>(-1);

// One connection the host holds: the step it runs, on which lane, over which exchange.
struct active_op {
  std::size_t lane = host_lane;
  step task;
  running_exchange exchange;
  std::chrono::steady_clock::time_point started;
};

struct host_job {
  host_id id = 0;
  target_spec target;
  boost::asio::ip::address address;  // target.ip, parsed once (admission accepted it)
  parsers::host_result result;
  std::vector<port_state> ports;
  std::size_t next_port = 0;           // next port to start
  std::size_t running_ports = 0;       // ports with a step pending or running
  std::size_t running_host_lanes = 0;  // host lanes with a step pending or running
  std::vector<announcement> announced;  // LOCATIONs from SSDP replies
  bool end_phase = false;              // the after_ports probes have begun
  std::map<std::uint64_t, active_op> ops;  // by op id
  std::uint64_t next_op = 1;
  std::unique_ptr<boost::asio::steady_timer> deadline;

  // Registers a connection this host now holds; the id keys its completion handler.
  std::uint64_t open_op(std::size_t lane, step s) {
    const auto op = next_op++;
    ops[op] = active_op{lane, std::move(s), {}, std::chrono::steady_clock::now()};
    return op;
  }
};

// A step waiting for a connection slot (the global in-flight limit or the rate limiter);
// a plain value, so queueing a step allocates nothing beyond the deque's blocks.
struct pending_connection {
  host_id host = 0;
  std::size_t lane = host_lane;
  step task;
};

struct scan_engine::impl {
  impl(boost::asio::io_context& io, const config::settings& s, const blocklist& b,
       result_sink sink, engine_options options);

  // engine.cpp: admission, limits and lifecycle
  void pump_hosts();
  void schedule_pump();
  void start_host(target_spec target);
  void request_connection(host_job& host, std::size_t lane, step s);
  void pump_connections();
  void release_connection();
  void complete_host(host_job& host);
  void abort_host(host_job& host, const std::string& why);
  void check_finished();
  host_job* find_host(host_id id);
  // A completion arrived: returns its host and frees the connection slot, or nullptr when
  // the host or the op is already gone (aborted). `closed`, if given, receives the op.
  host_job* close_op(host_id id, std::uint64_t op, active_op* closed = nullptr);

  // step_runner.cpp: a host's steps, generic over probe_table
  step_context context(host_job& host, std::size_t lane);
  void begin_plan(host_job& host);
  void begin_host_lane(host_job& host, const probe& p);
  void start_next_ports(host_job& host);
  void start_lane(host_job& host, std::size_t lane, step_plan first);
  std::optional<step> opening_step(host_job& host, std::size_t index);
  void run_step(host_job& host, std::size_t lane, step s);
  void connect_step(host_id id, std::size_t lane, step s);
  bool allowed_now(host_job& host, const step& s);
  void give_back_refused(host_job& host, std::size_t lane);
  void on_outcome(host_id id, std::uint64_t op, transport_outcome out);
  void apply(host_job& host, std::size_t lane, step_plan plan);
  void end_lane(host_job& host, std::size_t lane);
  void port_finished(host_job& host);
  void maybe_complete(host_job& host);

  boost::asio::io_context& io_;
  config::settings settings_;
  const blocklist& blocks_;
  result_sink sink_;
  engine_options options_;
  std::vector<port_plan> plans_;
  transports transports_;
  target_filter filter_;
  std::shared_ptr<politeness_budget> budget_;
  std::size_t seat_ = 0;  // this engine's seat at budget_
  boost::asio::steady_timer rate_timer_;
  boost::asio::steady_timer grace_timer_;
  bool rate_timer_armed_ = false;
  bool pump_scheduled_ = false;
  bool pumping_ = false;

  live_source next_;
  bool started_ = false, source_done_ = false, stopping_ = false, finished_ = false;
  engine_stats stats_;
  std::unordered_map<host_id, std::unique_ptr<host_job>> hosts_;
  host_id next_host_ = 1;
  std::deque<pending_connection> waiting_;
};

}  // namespace iotprobe::prober
