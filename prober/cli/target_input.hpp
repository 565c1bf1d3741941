// Lazy target sources for the CLI: addresses from the command line, or rows pulled one
// at a time from a target file through parsers::target_reader (text, CSV/TSV with an ip
// column, JSON lines; duplicates and bad lines are dropped and counted by the reader).
#pragma once

#include "parsers/darknet/targets.hpp"
#include "prober/engine.hpp"

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace iotprobe::cli {

prober::target_source list_source(std::vector<std::string> ips);

// A target file (or "-" for stdin) and its reader; the source pulls from it lazily.
struct target_file {
  std::shared_ptr<std::istream> stream;
  std::shared_ptr<parsers::target_reader> reader;
};

// Opens `path` ("-" = stdin); throws config::config_error if it cannot be read.
target_file open_target_file(const std::string& path);
prober::target_source file_source(const target_file& file);

// A reader row as the engine's target (ip, day, country, tag moved over).
prober::target_spec to_target_spec(parsers::target&& row);
// Counts the data rows of a file cheaply (for the progress ETA); 0 if unreadable.
std::uint64_t count_rows(const std::string& path);

}  // namespace iotprobe::cli
