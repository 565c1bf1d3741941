// `iotprobe fingerprints verify [DB.xml …] [--recog-dir DIR]`: runs Recog's example
// checks on fingerprint databases and prints each failure, then "N passed, N failed".
// With no database named it verifies every database the default config loads.
#include "prober/cli/command.hpp"

#include "parsers/fingerprint/fingerprint_db.hpp"
#include "parsers/fingerprint/fingerprint_verify.hpp"
#include "prober/output/fingerprint_views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace iotprobe::cli {
namespace {

namespace fs = std::filesystem;

struct verify_options {
  std::vector<std::string> databases;
  std::vector<std::string> recog_dirs;
  bool quiet_warnings = false;
};

std::vector<fs::path> xml_files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry);
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> databases_to_verify(const verify_options& options) {
  std::vector<fs::path> files(options.databases.begin(), options.databases.end());
  for (const std::string& dir : options.recog_dirs)
    for (const fs::path& file : xml_files_in(dir)) files.push_back(file);
  if (files.empty()) files = xml_files_in(fs::path(IOTPROBE_CONFIG_DIR) / "fingerprints");
  return files;
}

int run_verify(const verify_options& options) {
  const auto files = databases_to_verify(options);
  if (files.empty()) {
    fmt::print(stderr, "no fingerprint databases to verify\n");
    return exit_bad_input;
  }
  parsers::verify_report total;
  for (const fs::path& file : files) {
    try {
      total.merge(parsers::verify_database(parsers::fingerprint_db::load(file)));
    } catch (const std::exception& e) {
      fmt::print("{}", output::verify_load_failure_text(file.string(), e.what()));
      ++total.failed;
    }
  }
  fmt::print("{}", output::verify_failures_text(total));
  if (!options.quiet_warnings) fmt::print(stderr, "{}", output::verify_warnings_text(total));
  fmt::print("{}", output::verify_totals_text(total));
  return total.failed == 0 ? exit_ok : exit_bad_input;
}

}  // namespace

void add_fingerprints_command(CLI::App& app, int& exit_code) {
  auto* fingerprints = app.add_subcommand("fingerprints", "Fingerprint database tools");
  fingerprints->require_subcommand(1);
  auto options = std::make_shared<verify_options>();
  auto* verify = fingerprints->add_subcommand(
      "verify", "Check every example of Recog-format databases (default: the configured ones)");
  verify->add_option("databases", options->databases, "database XML files")
      ->check(CLI::ExistingFile);
  verify->add_option("--recog-dir", options->recog_dirs, "also verify every *.xml in DIR")
      ->check(CLI::ExistingDirectory);
  verify->add_flag("--no-warnings", options->quiet_warnings,
                   "do not print warnings (e.g. fingerprints without examples)");
  verify->callback([options, &exit_code] { exit_code = run_verify(*options); });
}

}  // namespace iotprobe::cli
