// Wires reader, aggregator, classifier and the optional country lookup together.
// Never throws on bad captures; every problem lands in extract_result::errors.
#include "parsers/darknet/mirai_extract.hpp"

#include "parsers/darknet/mirai_country.hpp"

#include <algorithm>
#include <memory>

namespace iotprobe::parsers {
namespace {

read_error country_db_error(const std::filesystem::path& file, const std::string& why) {
  read_error e;
  e.file = file.string();
  e.message = "cannot open the country database: " + why;
  return e;
}

}  // namespace

extract_result extract_sources(const std::vector<std::filesystem::path>& files,
                               const extract_options& options) {
  extract_result result;
  std::unique_ptr<country_db> countries;
  if (!options.country_db.empty()) {  // checked first: a bad path should not cost a day's read
    std::string error;
    countries = std::make_unique<country_db>(options.country_db, error);
    if (!error.empty()) {
      result.errors.push_back(country_db_error(options.country_db, error));
      return result;
    }
  }
  packet_aggregator aggregator(options.tz_offset_seconds,
                               std::max<std::uint32_t>(options.thresholds.min_ports, 1));
  for (const auto& file : files) {
    if (auto error = read_capture(file, aggregator)) result.errors.push_back(std::move(*error));
  }
  aggregator.flush();
  result.stats = aggregator.stats();
  result.source_days = aggregator.sources();
  classify_options classify;
  classify.by_day = options.by_day;
  classify.thresholds = options.thresholds;
  classify.survey_orgs = &options.survey_orgs;
  classify.include_scanners = options.include_scanners;
  classify.all_sources = options.all_sources;
  classify.min_mirai_syns = options.min_mirai_syns;
  classify.min_destinations = options.min_destinations;
  classified_sources sorted = classify_sources(aggregator.finish(), classify);
  result.rows = std::move(sorted.rows);
  result.scanners = std::move(sorted.scanners);
  result.sparse = sorted.sparse;
  if (countries) {
    for (auto* rows : {&result.rows, &result.scanners}) {
      for (source_row& row : *rows) row.country = countries->lookup(row.ip);
    }
  }
  return result;
}

}  // namespace iotprobe::parsers
