// Per-day summaries for the report: a day's funnel counts per country, db/churn's rows for
// the day (per family, over all countries and per country) and its firmware strings.
// Computed from the day's hosts with aggregate SQL and churn_table, kept in the report_*
// tables with a stamp of the runs they were computed from, so a 90-day report reads a
// few thousand summary rows instead of millions of hosts. A summary is used only while
// its stamp matches (see day_stamps); the schema's triggers drop stamps whose days a later
// write changed (a device turning shared, a device's earlier first day).
#pragma once

#include "db/churn.hpp"
#include "db/sqlite.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace iotprobe::db {

// country "*" = every country (exact distinct counts, not a sum); "" = none given.
struct day_counts {
  std::string country;
  std::int64_t darknet = 0, admitted = 0, probed = 0, open = 0;
  std::int64_t identified = 0, with_udn = 0, unattributed = 0, devices = 0;
};

struct day_firmware {
  std::string family, country, firmware;
  std::int64_t hosts = 0;  // distinct open addresses
};

struct day_summary {
  std::string day;
  std::vector<day_counts> counts;
  // churn_table(day, day) by family over all countries (country "*") and by family and
  // country; the total row (family "*") is present whenever hosts were open.
  std::vector<churn_row> families;
  std::vector<day_firmware> firmware;
};

// The runs a day's summary depends on (that day's and the day before's, for "vanished"),
// as text: "id:state:hosts_done:finished_at,…". Per day of [from, to].
std::map<std::string, std::string> day_stamps(database& db, const std::string& from,
                                              const std::string& to);
// A day can be kept when no run of it (or of the day before) is still writing.
bool stamp_is_final(const std::string& stamp);

// The aggregate statements summarise_day runs (besides churn_table), for query-plan tests.
std::vector<std::string> summary_queries();

// Reads the day from the store (hosts, sources, verdicts, devices). Throws db_error only
// when a statement cannot be prepared.
day_summary summarise_day(database& db, const std::string& day);

// Replaces the stored summary of `s.day` (one transaction). Fails (status) when the store
// is busy or read-only; the caller keeps its in-memory summary.
status store_summary(database& db, const day_summary& s, const std::string& stamp);

// Stored summaries of the days of [from, to] whose stamp equals `stamps[day]`.
std::map<std::string, day_summary> load_summaries(database& db, const std::string& from,
                                                  const std::string& to,
                                                  const std::map<std::string, std::string>& stamps);

// The summaries of every day of [from, to] that has runs: stored ones where valid, the
// rest computed (and stored when final and the store accepts the write). This is what
// `batch` calls for its day when a run finishes, and what the report reads.
std::vector<day_summary> day_summaries(database& db, const std::string& from,
                                       const std::string& to);

}  // namespace iotprobe::db
