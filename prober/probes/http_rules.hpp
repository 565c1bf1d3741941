// What the HTTP probes share: the anonymous GET they send, and where an answer to GET / (or
// to a redirect) leads: a checked redirect, else the port's description paths. Each rule is
// defined in the file of the probe it starts; none opens a connection.
#pragma once

#include "prober/probes/probe.hpp"

#include <optional>
#include <string>

namespace iotprobe::prober {

// The GET of `s.path` on `s.port` with the configured caps, deadlines and User-Agent: the
// request of every probe that runs on transport::http.
transport_request http_get(const step& s, const step_context& ctx);

// The same GET over TLS: the request of every probe that runs on transport::https.
transport_request https_get(const step& s, const step_context& ctx);

// An HTTP exchange's outcome as the step's probe_result (http_probe_result).
parsers::probe_result http_answer(const step& s, transport_outcome out,
                                  const config::settings& settings);
// An HTTPS exchange's outcome: http_answer plus the leaf certificate, when one was shown.
parsers::probe_result https_answer(const step& s, transport_outcome out,
                                   const config::settings& settings);

// After GET / (or its raw re-read, or a redirect) on ctx.port: the answer kept, then, on a
// live port, a redirect to follow or the first description path. `counts_open`: the answer
// is the port's GET / (engine_stats::open_ports).
step_plan after_root_answer(parsers::probe_result answer, bool counts_open, step_context& ctx);

// redirect.cpp: the step that follows `location` (over TLS on a TLS port), or, when it may
// not be followed (cap, another host, a refused path), a note in `plan` and no step.
std::optional<step> follow_redirect(const std::string& location, step_context& ctx,
                                    step_plan& plan);

// description.cpp: the port's next description path as a step; none when all were tried.
std::optional<step> next_description(step_context& ctx);

}  // namespace iotprobe::prober
