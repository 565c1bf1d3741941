// What `batch` needs around the engine: the input as a pull source (a darknet list via
// parsers::target_reader, or pcaps via parsers::extract_sources), and the end-of-run
// summary read back from the store (output::run_summary_text). Throws at this CLI edge only.
#pragma once

#include "config/settings.hpp"
#include "db/store.hpp"
#include "prober/engine.hpp"

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace iotprobe::cli {

struct batch_input {
  prober::target_source source;
  std::uint64_t total_hint = 0;  // rows known up front (pcap), 0 when streaming
  std::function<std::string()> describe;  // "1200 targets, 3 duplicates, 0 bad lines"
};

// Throws std::runtime_error when the file cannot be opened or has no ip column.
batch_input open_input_file(const std::string& path);
// Runs the Mirai extractor over the captures first (the config's scanner thresholds,
// survey scanners excluded); throws when a capture cannot be read.
batch_input open_pcap_input(const std::vector<std::string>& pcaps,
                            const config::darknet_rules& rules);

// Hosts probed, open, identified per family, devices versus IPs, for one run.
void print_batch_summary(db::store& store, std::int64_t run_id, std::ostream& out);

}  // namespace iotprobe::cli
