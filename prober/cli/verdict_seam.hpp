// The seam between the scan engine and the fingerprint engine: builds the classify
// function from the settings' fingerprint databases. While parsers/fusion.hpp is absent it
// returns an empty function (verdicts stay empty) instead of guessing a family.
#pragma once

#include "config/settings.hpp"
#include "prober/engine.hpp"

namespace iotprobe::cli {

// Throws std::runtime_error (an edge) when a configured database cannot be loaded.
prober::classify_fn make_verdict_classifier(const config::settings& settings);

}  // namespace iotprobe::cli
