// batch's input adapters and summary (see batch_input.hpp). Targets stream
// one at a time (memory follows the in-flight limit); nothing here opens a socket.
#include "prober/cli/batch_input.hpp"

#include "db/lookup.hpp"
#include "parsers/darknet/mirai_csv.hpp"
#include "parsers/darknet/mirai_extract.hpp"
#include "parsers/darknet/source_classification.hpp"
#include "parsers/darknet/targets.hpp"
#include "prober/cli/target_input.hpp"
#include "prober/output/store_views.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

namespace iotprobe::cli {

batch_input open_input_file(const std::string& path) {
  auto file = std::make_shared<std::ifstream>(path);
  if (!*file) throw std::runtime_error("cannot open input " + path);
  auto reader = std::make_shared<parsers::target_reader>(*file, path);
  // The first row is read here, at the edge, so an unusable file (no ip column, a read
  // error) is refused before a run is created; later bad lines are skipped and counted.
  auto first = std::make_shared<std::optional<parsers::target>>(reader->next());
  if (!*first && reader->failed()) {
    throw std::runtime_error(reader->errors().empty() ? path + ": unreadable input"
                                                      : reader->errors().front());
  }
  batch_input in;
  in.source = [file, reader, first]() -> std::optional<prober::target_spec> {
    std::optional<parsers::target> t;
    if (*first) {
      t = std::move(*first);
      first->reset();
    } else {
      t = reader->next();
    }
    if (!t) return std::nullopt;
    return to_target_spec(std::move(*t));
  };
  in.describe = [reader] {
    const auto& s = reader->stats();
    std::string text = fmt::format("{} target(s), {} duplicate(s), {} bad line(s)", s.targets,
                                   s.duplicates, s.bad_lines);
    if (!reader->errors().empty()) text += "; first: " + reader->errors().front();
    return text;
  };
  return in;
}

batch_input open_pcap_input(const std::vector<std::string>& pcaps,
                            const config::darknet_rules& rules) {
  std::vector<std::filesystem::path> files(pcaps.begin(), pcaps.end());
  parsers::extract_options options;
  options.thresholds = {rules.scanner_min_ports, rules.scanner_min_packets};
  auto result = std::make_shared<parsers::extract_result>(parsers::extract_sources(files, options));
  if (!result->ok()) {
    throw std::runtime_error(fmt::format("cannot read {}: {}", result->errors.front().file,
                                         result->errors.front().message));
  }
  auto index = std::make_shared<std::size_t>(0);
  batch_input in;
  in.total_hint = result->rows.size();
  in.source = [result, index]() -> std::optional<prober::target_spec> {
    if (*index >= result->rows.size()) return std::nullopt;
    const auto& row = result->rows[(*index)++];
    prober::target_spec t;
    t.ip = parsers::format_ipv4(row.ip);
    t.day = parsers::format_day(row.day);
    if (!row.country.empty()) t.country = row.country;
    t.tag = std::string(parsers::to_string(row.tag));
    return t;
  };
  in.describe = [result] {
    return fmt::format("{} Mirai source(s), {} survey scanner(s) excluded", result->rows.size(),
                       result->scanners.size());
  };
  return in;
}

void print_batch_summary(db::store& store, std::int64_t run_id, std::ostream& out) {
  const auto run = store.run(run_id);
  if (!run) return;
  out << output::run_summary_text(*run, db::run_families(store.db(), run_id));
}

}  // namespace iotprobe::cli
