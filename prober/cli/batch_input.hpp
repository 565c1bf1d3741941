// What `batch` needs around the engine: the input as one pull source per day (a darknet
// list via parsers::target_reader, or pcaps via parsers::extract_sources), and the
// end-of-run summary read back from the store (output::run_summary_text). Throws at this
// CLI edge only.
#pragma once

#include "config/settings.hpp"
#include "db/store.hpp"
#include "parsers/darknet/mirai_extract.hpp"
#include "parsers/darknet/shard.hpp"
#include "prober/engine.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace iotprobe::cli {

struct batch_input {
  prober::target_source source;
  std::uint64_t total_hint = 0;  // rows known up front (pcap), 0 when streaming
  std::function<std::string()> describe;  // "1200 targets, 3 duplicates, 0 bad lines"
  // The darknet counters of the row `source` returned or skipped last (empty for plain
  // lists); may be empty. `batch` records them with the row (db::source_row).
  std::function<db::source_counts()> counts;
  // Called with each row `source` skips (tagged scanner or survey-org, without
  // --include-scanners); `batch` sets it to record the row as refused. Shared with `source`.
  std::shared_ptr<std::function<void(const prober::target_spec&)>> on_skipped =
      std::make_shared<std::function<void(const prober::target_spec&)>>();
};

// What the command line asked for (issue 11 cases 5 and 6).
struct input_request {
  std::string file;                  // --input, or empty
  std::vector<std::string> pcaps;    // --pcap
  std::optional<std::string> day;    // --day: rows without a day column belong to it
  bool by_day = false;               // --by-day: one run per day of the input
  bool include_scanners = false;     // also probe rows tagged scanner / survey-org
  parsers::extract_options extract;  // how --pcap is read (the shared darknet flags)
  std::optional<parsers::shard_spec> shard;  // --shard: only this shard's rows exist here
};

// One day of the input: the run it goes to and its rows.
struct day_input {
  std::string day;
  batch_input input;
};

// The input's days, in order, each with a source of its own rows. Rows tagged as
// scanners are skipped (and counted) unless include_scanners. A row whose day is not
// --day is refused unless by_day: std::runtime_error names the file and line (or the
// capture) and the reason, before any run is created.
std::vector<day_input> open_batch_days(const input_request& request);

// A host the engine aborted on stop() is incomplete: leaving it out of the store makes
// the resume (batch) or the restart (follow) probe it again instead of keeping a
// truncated answer.
bool aborted_by_stop(const parsers::host_result& host);

// Hosts probed, open, identified per family, devices versus IPs, for one run.
void print_batch_summary(db::store& store, std::int64_t run_id, std::ostream& out);

}  // namespace iotprobe::cli
