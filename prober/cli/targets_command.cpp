// `iotprobe targets FILE [--format F] [--strict] [--json]`: reads a darknet target list
// (text, CSV/TSV, JSON lines; "-" is stdin) with the streaming reader and prints each
// de-duplicated target, then the counts; bad lines go to stderr as "file:line: reason".
// Never opens a socket and never loads the file whole. Exit: 0 ok, 1 bad input, 2 usage.
#include "prober/cli/command.hpp"

#include "parsers/darknet/targets.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

// Control bytes from the input would corrupt a terminal or a line-based consumer.
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

std::string dump_line(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

void print_target(const parsers::target& t, bool json) {
  if (json) {
    fmt::print("{}\n", dump_line({{"ip", t.ip},
                                  {"day", optional_json(t.day)},
                                  {"country", optional_json(t.country)},
                                  {"tag", optional_json(t.tag)},
                                  {"line", t.line}}));
    return;
  }
  std::string text = t.ip;
  if (t.day) text += " day=" + printable(*t.day);
  if (t.country) text += " country=" + printable(*t.country);
  if (t.tag) text += " tag=" + printable(*t.tag);
  fmt::print("{}\n", text);
}

void print_summary(const targets_options& options, const parsers::target_reader& reader) {
  const parsers::target_stats& s = reader.stats();
  const std::string_view format = parsers::to_string(reader.format());
  if (options.json) {
    fmt::print("{}\n", dump_line({{"summary",
                                   {{"file", options.file},
                                    {"format", format},
                                    {"ok", !reader.failed()},
                                    {"lines", s.lines},
                                    {"targets", s.targets},
                                    {"duplicates", s.duplicates},
                                    {"bad_lines", s.bad_lines},
                                    {"comments", s.comments},
                                    {"blank", s.blank},
                                    {"errors", reader.errors()},
                                    {"errors_dropped", reader.errors_dropped()}}}}));
    return;
  }
  fmt::print("# {}: format {}, {} targets, {} duplicates, {} bad lines, {} comments, {} blank, "
             "{} lines{}\n",
             options.file, format, s.targets, s.duplicates, s.bad_lines, s.comments, s.blank,
             s.lines, reader.failed() ? ", stopped" : "");
}

void print_errors(const parsers::target_reader& reader) {
  for (const std::string& error : reader.errors()) fmt::print(stderr, "{}\n", printable(error));
  if (reader.errors_dropped() > 0) {
    fmt::print(stderr, "iotprobe targets: {} more bad lines not shown\n", reader.errors_dropped());
  }
}

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
  while (const auto target = reader.next()) print_target(*target, options.json);
  print_summary(options, reader);
  std::fflush(stdout);
  print_errors(reader);
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
