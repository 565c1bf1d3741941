// batch's input adapters and summary (see batch_input.hpp). Targets stream one at a time
// (memory follows the in-flight limit; a file is read once more per day to plan the runs);
// nothing here opens a socket.
#include "prober/cli/batch_input.hpp"

#include "db/day.hpp"
#include "db/lookup.hpp"
#include "db/run_counts.hpp"
#include "parsers/darknet/mirai_csv.hpp"
#include "parsers/darknet/mirai_extract.hpp"
#include "parsers/darknet/source_classification.hpp"
#include "parsers/darknet/targets.hpp"
#include "prober/cli/shard_flags.hpp"
#include "prober/cli/target_input.hpp"
#include "prober/output/store_views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace iotprobe::cli {

namespace {

// Pass 1 over the file: every day it holds (rows without one are --day's). Refuses a day
// that is not --day unless one run per day was asked for.
std::map<std::string, std::uint64_t> file_days(const input_request& r) {
  std::ifstream in(r.file);
  if (!in) throw std::runtime_error("cannot open input " + r.file);
  parsers::target_options options;
  options.per_day = true;
  options.default_day = r.day;
  parsers::target_reader reader(in, r.file, options);
  std::map<std::string, std::uint64_t> days;  // day -> rows
  while (auto t = reader.next()) {
    const auto day = t->day ? t->day : r.day;
    const std::string where = fmt::format("{}:{}", r.file, t->line);
    if (!day) throw std::runtime_error(where + ": the row has no day and no --day was given");
    if (!db::parse_day(*day)) throw std::runtime_error(where + ": bad day '" + *day + "' (want YYYY-MM-DD)");
    if (!r.by_day && day != r.day)
      throw std::runtime_error(fmt::format(
          "{}: the row's day {} is not --day {}: a run stores one day, so mixed days would be "
          "counted under the wrong day; pass --by-day for one run per day", where, *day, *r.day));
    ++days[*day];
  }
  if (reader.failed())
    throw std::runtime_error(reader.errors().empty() ? r.file + ": unreadable input"
                                                     : reader.errors().front());
  if (days.empty() && r.day) days[*r.day];  // an empty list is still a (finished) run
  return days;
}

// Skips rows tagged as scanners unless asked to probe them; counts what it skipped and
// hands each skipped row to `in.on_skipped`.
prober::target_source without_scanners(prober::target_source next, bool include,
                                       std::shared_ptr<std::uint64_t> skipped, const batch_input& in) {
  if (include) return next;
  return [next = std::move(next), skipped, hook = in.on_skipped]() -> std::optional<prober::target_spec> {
    while (auto t = next()) {
      if (!t->tag || !parsers::is_scanner_tag(*t->tag)) return t;
      ++*skipped;
      if (*hook) (*hook)(*t);
    }
    return std::nullopt;
  };
}

// extract's counters as the store keeps them (a count beyond int64 saturates).
db::source_counts stored_counts(const parsers::source_counters& c) {
  const auto count = [](const std::optional<std::uint64_t>& n) -> std::optional<std::int64_t> {
    if (!n) return std::nullopt;
    return static_cast<std::int64_t>(std::min<std::uint64_t>(*n, INT64_MAX));
  };
  return {c.first_seen, c.last_seen, count(c.mirai_syns), count(c.mirai_dsts), count(c.dst_ports)};
}

batch_input open_file_day(const input_request& r, const std::string& day) {
  auto file = std::make_shared<std::ifstream>(r.file);
  if (!*file) throw std::runtime_error("cannot open input " + r.file);
  parsers::target_options options;
  options.per_day = true;
  options.only_day = day;
  options.default_day = r.day;
  auto reader = std::make_shared<parsers::target_reader>(*file, r.file, options);
  auto skipped = std::make_shared<std::uint64_t>(0);
  auto last = std::make_shared<parsers::source_counters>();
  batch_input in;
  // Rows of other shards are dropped before anything sees them (not recorded, not skipped).
  in.source = without_scanners(shard_source(
      [file, reader, last]() -> std::optional<prober::target_spec> {
        auto t = reader->next();
        if (!t) return std::nullopt;
        *last = t->counters;
        return to_target_spec(std::move(*t));
      }, r.shard),
      r.include_scanners, skipped, in);
  in.counts = [last] { return stored_counts(*last); };
  in.describe = [reader, skipped] {
    const auto& s = reader->stats();
    std::string text = fmt::format("{} target(s), {} duplicate(s), {} bad line(s), {} scanner "
                                   "row(s) skipped, {} row(s) of other days", s.targets,
                                   s.duplicates, s.bad_lines, *skipped, s.other_days);
    if (!reader->errors().empty()) text += "; first: " + reader->errors().front();
    return text;
  };
  return in;
}

using extract_ptr = std::shared_ptr<const parsers::extract_result>;

// One day's rows of an extraction (indexes into result->rows) as a batch input, the
// freshest sightings first (latest last_seen; issue 13: they are the likeliest to still be
// the device the darknet saw).
batch_input pcap_day(const input_request& r, extract_ptr result, std::vector<std::size_t> rows) {
  std::stable_sort(rows.begin(), rows.end(), [&result](std::size_t a, std::size_t b) {
    return result->rows[a].last_seen > result->rows[b].last_seen;
  });
  auto index = std::make_shared<std::size_t>(0);
  auto picked = std::make_shared<const std::vector<std::size_t>>(std::move(rows));
  auto skipped = std::make_shared<std::uint64_t>(0);
  batch_input in;
  in.total_hint = picked->size();
  in.counts = [result, picked, index] {
    db::source_counts counts;
    if (*index == 0 || *index > picked->size()) return counts;
    const auto& row = result->rows[(*picked)[*index - 1]];
    counts.first_seen = parsers::format_time(row.first_seen, 0);
    counts.last_seen = parsers::format_time(row.last_seen, 0);
    counts.mirai_syns = static_cast<std::int64_t>(row.mirai_syns);
    counts.mirai_dsts = static_cast<std::int64_t>(row.mirai_dsts);
    counts.dst_ports = static_cast<std::int64_t>(row.dst_ports);
    return counts;
  };
  in.source = without_scanners(
      [result, picked, index]() -> std::optional<prober::target_spec> {
        if (*index >= picked->size()) return std::nullopt;
        const auto& row = result->rows[(*picked)[(*index)++]];
        return prober::target_spec{parsers::format_ipv4(row.ip), parsers::format_day(row.day),
                                   row.country.empty() ? std::nullopt : std::optional(row.country),
                                   std::string(parsers::to_string(row.tag)),
                                   parsers::wall_time(std::chrono::seconds(row.first_seen))};
      },
      r.include_scanners, skipped, in);
  in.describe = [result, picked, skipped] {
    return fmt::format("{} Mirai source(s) this day, {} survey scanner(s) excluded, {} scanner "
                       "row(s) skipped", picked->size(), result->scanners.size(), *skipped);
  };
  return in;
}

std::vector<day_input> pcap_days(const input_request& r) {
  const std::vector<std::filesystem::path> files(r.pcaps.begin(), r.pcaps.end());
  auto result = std::make_shared<const parsers::extract_result>(parsers::extract_sources(files, r.extract));
  if (!result->ok()) {
    throw std::runtime_error(fmt::format("cannot read {}: {}", result->errors.front().file,
                                         result->errors.front().message));
  }
  std::map<std::string, std::vector<std::size_t>> rows_by_day;
  for (std::size_t i = 0; i < result->rows.size(); ++i) {
    const auto& row = result->rows[i];
    const auto day = parsers::format_day(row.day);
    if (r.shard && !parsers::in_shard(*r.shard, parsers::format_ipv4(row.ip))) {
      rows_by_day[day];  // the day still gets its (possibly empty) run in every shard
      continue;
    }
    rows_by_day[day].push_back(i);
  }
  if (rows_by_day.empty() && r.day) rows_by_day[*r.day];
  for (const auto& [day, rows] : rows_by_day)
    if (!r.by_day && day != r.day)
      throw std::runtime_error(fmt::format(
          "{}: {} Mirai source(s) on {}, not --day {}: a run stores one day; pass --by-day for "
          "one run per day of the capture (--tz sets the day boundary)", r.pcaps.front(),
          rows.size(), day, r.day.value_or("(none)")));
  std::vector<day_input> out;
  for (auto& [day, rows] : rows_by_day) out.push_back({day, pcap_day(r, result, std::move(rows))});
  return out;
}

}  // namespace

std::vector<day_input> open_batch_days(const input_request& r) {
  if (!r.pcaps.empty()) return pcap_days(r);
  std::vector<day_input> out;
  for (const auto& [day, rows] : file_days(r)) out.push_back({day, open_file_day(r, day)});
  return out;
}

void print_batch_summary(db::store& store, std::int64_t run_id, std::ostream& out) {
  const auto run = store.run(run_id);
  if (!run) return;
  out << output::run_summary_text(*run, db::run_families(store.db(), run_id),
                                  db::run_devices(store.db(), run_id), store.reclassified_by(run_id));
}

bool aborted_by_stop(const parsers::host_result& host) {
  for (const auto& p : host.probes) {
    if (p.status == parsers::probe_status::timeout && p.detail.find("stopped") != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace iotprobe::cli
