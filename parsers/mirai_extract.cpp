// Wires reader, aggregator, classifier and the optional country lookup together.
// Never throws on bad captures; every problem lands in extract_result::errors.
#include "parsers/mirai_extract.hpp"

#include "parsers/mirai_country.hpp"

#include <algorithm>

namespace iotprobe::parsers {
namespace {

void fill_countries(const std::filesystem::path& file, extract_result& result) {
  std::string error;
  const country_db db(file, error);
  if (!error.empty()) {
    read_error e;
    e.file = file.string();
    e.message = "cannot open the country database: " + error;
    result.errors.push_back(std::move(e));
    return;
  }
  for (auto* rows : {&result.rows, &result.scanners}) {
    for (source_row& row : *rows) row.country = db.lookup(row.ip);
  }
}

}  // namespace

extract_result extract_sources(const std::vector<std::filesystem::path>& files,
                               const extract_options& options) {
  extract_result result;
  packet_aggregator aggregator(options.tz_offset_seconds,
                               std::max<std::uint32_t>(options.thresholds.min_ports, 1));
  for (const auto& file : files) {
    if (auto error = read_capture(file, aggregator)) result.errors.push_back(std::move(*error));
  }
  result.stats = aggregator.stats();
  result.source_days = aggregator.sources();
  classify_options classify;
  classify.by_day = options.by_day;
  classify.thresholds = options.thresholds;
  classify.survey_orgs = &options.survey_orgs;
  classify.include_scanners = options.include_scanners;
  classify.all_sources = options.all_sources;
  classified_sources sorted = classify_sources(aggregator.finish(), classify);
  result.rows = std::move(sorted.rows);
  result.scanners = std::move(sorted.scanners);
  if (!options.country_db.empty()) fill_countries(options.country_db, result);
  return result;
}

}  // namespace iotprobe::parsers
