// `iotprobe parse http|upnp FILE --fingerprint`: the fingerprint engine the default config
// loads (plus --db files) and the verdict's JSON and text views. Loading throws (a CLI
// edge); the views are pure and never let raw device bytes reach a terminal.
#pragma once

#include "parsers/fingerprint/fingerprint_engine.hpp"
#include "parsers/model/verdict.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace iotprobe::cli {

// The databases of the default iotprobe.conf (config::fingerprint_files, the same list
// the prober classifies with), then `extra_databases` in order. Throws std::runtime_error
// (or config::config_error) naming the file that cannot be loaded.
parsers::fingerprint_engine load_parse_engine(const std::vector<std::string>& extra_databases);

// {family, vendor, product, version, certainty, evidence [{port, probe, field, value,
// database, fingerprint, params}], conflicts}; absent values are null. Certainty is
// rounded to 4 decimals so that the output is stable across compilers.
nlohmann::json parse_verdict_json(const parsers::verdict& verdict);

// An indented "verdict" block for the readable summary (terminal-safe).
std::string parse_verdict_summary(const parsers::verdict& verdict);

}  // namespace iotprobe::cli
