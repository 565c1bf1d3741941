// The seam between the scan engine and the fingerprint engine: builds the classify
// function from the settings' fingerprint databases, loaded once and shared by every
// host of a run. Used by probe, scan and batch alike.
#pragma once

#include "config/settings.hpp"
#include "prober/engine.hpp"

namespace iotprobe::cli {

// Throws std::runtime_error (an edge) when a configured database cannot be loaded.
// An empty database list gives an empty function: verdicts stay empty.
prober::classify_fn make_verdict_classifier(const config::settings& settings);

}  // namespace iotprobe::cli
