// Internal to the scan engine (engine.cpp: scheduling, admission, lifecycle;
// host_run.cpp: one host's probe plan). Not a public header: only prober/*.cpp include it.
// Single-threaded: every member is touched only from the io_context's thread.
#pragma once

#include "prober/engine.hpp"
#include "prober/http_client.hpp"
#include "prober/plan.hpp"
#include "prober/socket_probes.hpp"
#include "prober/token_bucket.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <unordered_map>
#include <variant>

namespace iotprobe::prober {

using host_id = std::uint64_t;

// The port index of a step that belongs to no port's plan (the SSDP LOCATION fetch).
constexpr std::size_t no_port = static_cast<std::size_t>(-1);

// One connection the host holds or waits for: an HTTP transfer or a socket probe.
struct active_op {
  int port = 0;
  parsers::probe_kind probe = parsers::probe_kind::get_root;
  std::string path;
  std::optional<http_client::transfer_id> http;
  std::shared_ptr<socket_probe> socket;
  std::chrono::steady_clock::time_point started;
};

// Where one port is in its plan.
struct port_state {
  const port_plan* plan = nullptr;
  std::size_t next_path = 0;
  int redirects = 0;
  bool got_description = false;
};

struct host_job {
  host_id id = 0;
  target_spec target;
  parsers::host_result result;
  std::vector<port_state> ports;
  std::size_t next_port = 0;        // next port to start
  std::size_t running_ports = 0;    // ports with a probe pending or running
  bool ssdp_running = false;
  std::vector<std::string> locations;  // from SSDP replies
  bool location_phase = false;    // the LOCATION step has been considered
  bool location_running = false;  // a LOCATION fetch is waiting or running
  std::map<std::uint64_t, active_op> ops;  // by op id
  std::uint64_t next_op = 1;
  std::unique_ptr<boost::asio::steady_timer> deadline;

  // Registers a connection this host now holds; the id keys its completion handler.
  std::uint64_t open_op(int port, parsers::probe_kind probe, std::string path = {}) {
    const auto id = next_op++;
    ops[id] = active_op{port, probe, std::move(path), {}, {},
                        std::chrono::steady_clock::now()};
    return id;
  }
};

// A probe_result that carries only an outcome (skipped, blocked, timed out, no reply).
inline parsers::probe_result probe_note(int port, parsers::probe_kind probe, std::string path,
                                        parsers::probe_status status, std::string detail) {
  parsers::probe_result r;
  r.port = port;
  r.probe = probe;
  r.path = std::move(path);
  r.status = status;
  r.detail = std::move(detail);
  return r;
}

// A connection waiting for the global in-flight limit or the rate limiter.
struct pending_connection {
  host_id host = 0;
  std::function<void()> start;
};

struct scan_engine::impl {
  impl(boost::asio::io_context& io, const config::settings& s, const blocklist& b,
       result_sink sink, engine_options options);

  // engine.cpp: admission, scheduling and lifecycle
  void pump_hosts();
  void schedule_pump();
  void start_host(target_spec target);
  void request_connection(host_job& host, std::function<void()> start);
  void pump_connections();
  void release_connection();
  void complete_host(host_job& host);
  void abort_host(host_job& host, const std::string& why);
  void check_finished();
  host_job* find_host(host_id id);
  // A completion arrived: returns its host and frees the connection slot, or nullptr when
  // the host or the op is already gone (aborted). `closed`, if given, receives the op.
  host_job* close_op(host_id id, std::uint64_t op, active_op* closed = nullptr);

  // host_run.cpp: one host's plan
  void begin_plan(host_job& host);
  void start_next_ports(host_job& host);
  void start_port(host_job& host, std::size_t index);
  void http_step(host_job& host, std::size_t index, parsers::probe_kind probe, std::string path,
                 int port);
  void on_http(host_id id, std::uint64_t op, std::size_t index, http_outcome out);
  void after_get_root(host_job& host, std::size_t index, parsers::probe_result r);
  void raw_get_root(host_job& host, std::size_t index, parsers::probe_result curl_result);
  void next_description(host_job& host, std::size_t index);
  void port_finished(host_job& host);
  void start_banner(host_job& host, std::size_t index);
  void start_ssdp(host_job& host);
  void on_ssdp(host_id id, std::uint64_t op, socket_outcome out);
  void maybe_follow_location(host_job& host);
  void maybe_complete(host_job& host);
  bool allowed_now(host_job& host, int port, parsers::probe_kind probe, const std::string& path);
  void give_back_refused(host_id id, std::size_t index);

  boost::asio::io_context& io_;
  config::settings settings_;
  const blocklist& blocks_;
  result_sink sink_;
  engine_options options_;
  std::vector<port_plan> plans_;
  http_client http_;
  target_filter filter_;
  token_bucket bucket_;
  boost::asio::steady_timer rate_timer_;
  boost::asio::steady_timer grace_timer_;
  bool rate_timer_armed_ = false;
  bool pump_scheduled_ = false;
  bool pumping_ = false;

  target_source next_;
  bool started_ = false, source_done_ = false, stopping_ = false, finished_ = false;
  engine_stats stats_;
  std::unordered_map<host_id, std::unique_ptr<host_job>> hosts_;
  host_id next_host_ = 1;
  std::deque<pending_connection> waiting_;
};

}  // namespace iotprobe::prober
