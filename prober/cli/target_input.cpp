// Target sources for probe and scan. File rows come from parsers::target_reader, pulled
// only when the engine has room for another host, so the file is never held whole.
#include "prober/cli/target_input.hpp"

#include "config/settings.hpp"
#include "parsers/darknet/iso_time.hpp"

#include <fstream>
#include <iostream>

namespace iotprobe::cli {

prober::target_source list_source(std::vector<std::string> ips) {
  auto list = std::make_shared<std::vector<std::string>>(std::move(ips));
  auto index = std::make_shared<std::size_t>(0);
  return [list, index]() -> std::optional<prober::target_spec> {
    if (*index >= list->size()) return std::nullopt;
    prober::target_spec t;
    t.ip = (*list)[(*index)++];
    return t;
  };
}

target_file open_target_file(const std::string& path) {
  target_file file;
  if (path == "-") {
    file.stream = std::shared_ptr<std::istream>(&std::cin, [](std::istream*) {});
  } else {
    file.stream = std::make_shared<std::ifstream>(path, std::ios::binary);
    if (!*file.stream) throw config::config_error("cannot read input file '" + path + "'");
  }
  file.reader = std::make_shared<parsers::target_reader>(*file.stream, path == "-" ? "stdin" : path);
  return file;
}

prober::target_spec to_target_spec(parsers::target&& row) {
  prober::target_spec t{std::move(row.ip), std::move(row.day), std::move(row.country),
                        std::move(row.tag)};
  // Issue 13: the darknet's first sighting, when the list carries one (the lag's start).
  const auto& seen = row.counters.first_seen ? row.counters.first_seen : row.counters.last_seen;
  if (const auto at = seen ? parsers::parse_iso_seconds(*seen) : std::nullopt)
    t.first_seen = parsers::wall_time(std::chrono::seconds(*at));
  return t;
}

prober::target_source file_source(const target_file& file) {
  return [file]() -> std::optional<prober::target_spec> {
    auto row = file.reader->next();
    if (!row) return std::nullopt;
    return to_target_spec(std::move(*row));
  };
}

std::uint64_t count_rows(const std::string& path) {
  std::ifstream in(path);
  std::uint64_t rows = 0;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') ++rows;
  return rows;
}

}  // namespace iotprobe::cli
