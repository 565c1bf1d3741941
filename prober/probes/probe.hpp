// What a probe is: the declaration each file under prober/probes/ fills in (its kind, its
// transport, the request it sends, how it reads the outcome into probe_results and which
// step that outcome leads to), and the values the step runner and the probes exchange.
// A probe is pure: no I/O, no state of its own; the runner (step_runner.cpp) connects.
#pragma once

#include "config/settings.hpp"
#include "parsers/model/host_result.hpp"
#include "prober/blocklist.hpp"
#include "prober/plan.hpp"
#include "prober/transports.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::prober {

// One exchange a host's plan asks for: which probe, on which logical port, for what.
struct step {
  const probe* what = nullptr;
  int port = 0;                                  // logical port, as recorded
  std::string path;                              // HTTP path, or "" when none
  std::optional<parsers::probe_result> earlier;  // the answer this step re-reads (raw GET)
};

// Where one port is in its plan: what the probes on that port share.
struct port_state {
  const port_plan* plan = nullptr;
  std::size_t next_path = 0;  // the next description path to try
  int redirects = 0;          // redirects followed so far
};

// A LOCATION a host announced (an SSDP reply), kept for the probes that run at its end.
struct announcement {
  int port = 0;          // where it was announced (1900)
  std::string location;  // as the device wrote it
};

// What a probe may read, and the little it may change, while it begins or reads a step.
struct step_context {
  const config::settings& settings;
  const blocklist& blocks;
  const std::string& ip;                              // the target
  const std::vector<parsers::probe_result>& results;  // the host's results so far
  std::vector<announcement>& announced;               // the host's, in arrival order
  port_state* port = nullptr;                         // the step's port; nullptr: host lane
};

// What a probe hands back when it begins or has read an outcome: results to keep, in order,
// and the next step on the same lane (none: the lane is done).
struct step_plan {
  std::vector<parsers::probe_result> results;
  std::optional<step> next;
  bool port_answered = false;  // a port's GET / got an answer (engine_stats::open_ports)
};

// When a probe runs without another probe's outcome asking for it.
enum class step_role {
  opens_port,   // first step on every port its plan_ports lists (GET /, banner)
  with_host,    // once per host from its start, beside the ports (SSDP)
  after_ports,  // once per host when every other step is done (SSDP LOCATION)
  follow_up,    // only as the next step of another probe's outcome
};

// A probe, as listed in probe_table. Function pointers, so a probe is a constant.
struct probe {
  std::string_view name;     // for people and tests; never compared to choose a branch
  parsers::probe_kind kind;  // what its results are stored as
  transport via;             // which transport runs its request
  step_role role;
  bool speaks_http = false;  // its exchange counts in engine_stats::http_exchanges
  // opens_port only: one plan per port this probe opens, in config order.
  std::vector<port_plan> (*plan_ports)(const config::settings&) = nullptr;
  // Every role but follow_up: the lane's first step (none: nothing to do) and any notes.
  step_plan (*begin)(step_context&) = nullptr;
  // The bytes to send: a transport_request whose alternative is `via`.
  transport_request (*request)(const step&, const step_context&) = nullptr;
  // The outcome read into results, and where the lane goes next.
  step_plan (*read)(step, transport_outcome, step_context&) = nullptr;
};

}  // namespace iotprobe::prober
