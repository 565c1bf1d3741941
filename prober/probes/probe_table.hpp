// The one list of probes (zmap's probe_modules[]). Each probe is defined in its own file
// under prober/probes/ and declared here; a probe missing from probe_table never runs, and
// nothing registers itself. Table order is plan order: opening probes' ports in this order
// (HTTP ports, then HTTPS ports, then banner ports).
#pragma once

#include "prober/probes/probe.hpp"

namespace iotprobe::prober {

extern const probe probe_get_root;        // get_root.cpp: GET / opens each HTTP port
extern const probe probe_raw_get_root;    // raw_get_root.cpp: GET / re-read over raw TCP
extern const probe probe_redirect;        // redirect.cpp: a checked 3xx Location, same host
extern const probe probe_https_get_root;  // https_get_root.cpp: GET / over TLS, the cert kept
extern const probe probe_https_redirect;  // redirect.cpp: a checked Location on a TLS port
extern const probe probe_description;   // description.cpp: the port's UPnP paths in turn
extern const probe probe_banner;        // banner.cpp: raw TCP read opens each banner port
extern const probe probe_ssdp;          // ssdp.cpp: unicast M-SEARCH beside the ports
extern const probe probe_location;      // location.cpp: the SSDP LOCATION at the end

inline constexpr const probe* probe_table[] = {
    &probe_get_root,       &probe_raw_get_root,   &probe_redirect, &probe_https_get_root,
    &probe_https_redirect, &probe_description,    &probe_banner,   &probe_ssdp,
    &probe_location,
};

}  // namespace iotprobe::prober
