// The seam between the scan engine and the fingerprint engine: builds the classify
// function from the settings' fingerprint databases, loaded once and shared by every
// host of a run. Used by probe, scan and batch alike.
#pragma once

#include "config/settings.hpp"
#include "parsers/fingerprint/fingerprint_engine.hpp"
#include "prober/engine.hpp"

#include <string>
#include <vector>

namespace iotprobe::cli {

// The settings' fingerprint databases (config::fingerprint_files), then `extra` in order.
// Throws std::runtime_error (an edge) naming a database that cannot be loaded.
parsers::fingerprint_engine load_fingerprint_engine(const config::settings& settings,
                                                    const std::vector<std::string>& extra = {});

// The engine above wrapped in classify_host, loaded once and shared by every host.
// An empty database list gives an empty function: verdicts stay empty.
prober::classify_fn make_verdict_classifier(const config::settings& settings);

}  // namespace iotprobe::cli
