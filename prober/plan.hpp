// The probe plan as values: which port opens with which probe, the rules for following a
// redirect or an SSDP LOCATION, and how an HTTP exchange becomes a probe_result. Pure
// functions (no I/O but banner payload files), so the rules are unit-tested on their own.
#pragma once

#include "config/settings.hpp"
#include "parsers/model/host_result.hpp"
#include "prober/blocklist.hpp"

#include <optional>
#include <string>
#include <vector>

namespace iotprobe::prober {

struct probe;  // prober/probes/probe.hpp

struct port_plan {
  int port = 0;                    // logical
  int wire_port = 0;               // after the port map
  const probe* opening = nullptr;  // the probe of probe_table that opens this port
  std::vector<std::string> paths;  // the port's description paths, in order (HTTP ports)
  std::string payload;             // bytes the opening probe sends first (banner ports)
};

// One plan per configured port: each opening probe's ports, in probe_table order (HTTP
// ports, then banner ports), each in config order. Banner payload files are read here
// (throws std::runtime_error if unreadable).
std::vector<port_plan> make_port_plans(const config::settings& settings);

// A probe_result that carries only an outcome (skipped, blocked, timed out, no reply).
parsers::probe_result probe_note(int port, parsers::probe_kind probe, std::string path,
                                 parsers::probe_status status, std::string detail);

// Whether GET / showed the port closed or silent, so the port's other probes are skipped:
// refused, unreachable, blocked, timeout, or a reset before any byte arrived (how a
// listener that accepts and resets at once - a closed port behind a shared socket - looks).
bool port_is_dead(const parsers::probe_result& get_root);

struct followed_url {
  std::string ip;    // the target's IP (a follow never goes elsewhere)
  int port = 0;      // logical port
  std::string path;  // starts with '/'
};

struct follow_decision {
  std::optional<followed_url> url;  // set when the follow is allowed
  std::string refusal;              // why not, when url is empty
};

// Decides whether a redirect Location / SSDP LOCATION may be fetched: only http, only the
// target's own IP literal (no names), only a configured HTTP port, only a path that
// config::path_refusal allows (never a credential or exploit endpoint), and the blocklist
// must allow it. `base_port` resolves relative references. `tls`: the Location came from
// a TLS port, so only https (default port 443) to a configured HTTPS port is followed.
follow_decision decide_follow(const std::string& location, const std::string& target_ip,
                              int base_port, const config::settings& settings,
                              const blocklist& blocks, bool tls = false);

// probe_result for an HTTP exchange: transport status first, then parse_http_response,
// then http_error for a non-2xx status. Parses the raw bytes even on too_large/timeout
// so whatever arrived is kept.
parsers::probe_result http_probe_result(int port, parsers::probe_kind probe, std::string path,
                                        parsers::probe_status transport, std::string detail,
                                        std::string raw, double elapsed_ms,
                                        const config::settings& settings);

// Parses the description document of a successful HTTP probe_result in place: status
// becomes the description's status (ok, parse_error, too_large). Returns true if ok.
bool attach_description(parsers::probe_result& result, const config::settings& settings);

// The HTTP status code's redirect target (3xx with a Location header), if any.
std::optional<std::string> redirect_location(const parsers::probe_result& result);

}  // namespace iotprobe::prober
