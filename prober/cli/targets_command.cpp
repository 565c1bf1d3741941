// `iotprobe targets FILE [--format F] [--strict] [--json]`: reads a darknet target list
// (text, CSV/TSV, JSON lines; "-" is stdin) with the streaming reader and prints each
// de-duplicated target, then the counts; bad lines go to stderr as "file:line: reason".
// Never opens a socket and never loads the file whole. Exit: 0 ok, 1 bad input, 2 usage.
#include "prober/cli/command.hpp"

#include "parsers/darknet/targets.hpp"
#include "prober/output/input_views.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace iotprobe::cli {
namespace {

struct targets_options {
  std::string file;
  std::string format = "auto";
  bool strict = false;
  bool json = false;
};

int run_targets(const targets_options& options) {
  parsers::target_options reader_options;
  reader_options.format = parsers::target_format_from_string(options.format).value();
  reader_options.strict = options.strict;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (options.file != "-") {
    file.open(options.file, std::ios::binary);
    if (!file) {
      fmt::print(stderr, "iotprobe targets: cannot open {}\n", options.file);
      return exit_bad_input;
    }
    in = &file;
  }
  parsers::target_reader reader(*in, options.file == "-" ? "<stdin>" : options.file, reader_options);
  while (const auto target = reader.next()) {
    if (options.json) fmt::print("{}\n", output::target_json_line(*target));
    else fmt::print("{}", output::target_text(*target));
  }
  if (options.json) fmt::print("{}\n", output::target_summary_json_line(options.file, reader));
  else fmt::print("{}", output::target_summary_text(options.file, reader));
  std::fflush(stdout);
  fmt::print(stderr, "{}", output::target_errors_text(reader));
  return reader.failed() ? exit_bad_input : exit_ok;
}

}  // namespace

void add_targets_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<targets_options>();
  CLI::App* cmd = app.add_subcommand(
      "targets", "Read a darknet target list and print its de-duplicated targets, then the counts");
  cmd->footer(
      "Formats: text (one IP per line, # comments), CSV/TSV with a header naming an\n"
      "ip/src_ip/saddr column (optional day/date, country, tag), or JSON lines with the\n"
      "same keys; detected from the first data line unless --format is given. Bad lines\n"
      "are skipped and reported on stderr as file:line: reason (--strict stops at the\n"
      "first one). Exit 0 ok, 1 bad input (unreadable file, strict failure, no ip column).");
  cmd->add_option("FILE", options->file, "target list file, or - for standard input")->required();
  cmd->add_option("--format", options->format, "auto (default), text, csv, tsv or jsonl")
      ->check(CLI::IsMember({"auto", "text", "csv", "tsv", "jsonl"}));
  cmd->add_flag("--strict", options->strict, "the first bad line is fatal (exit 1)");
  cmd->add_flag("--json", options->json,
                "one JSON object per target, then {\"summary\": {...}} with counts and errors");
  cmd->callback([options, &exit_code] { exit_code = run_targets(*options); });
}

}  // namespace iotprobe::cli
