// `iotprobe report --from D [--to D] [--family F …] [--country CC] --format
// text|json|csv|svg|html [--out FILE|DIR]`: the funnel, churn and top tables and the four
// charts for a period, offline, from the store. Flags in, db::build_report, a view out;
// text, json and html go to --out FILE (or stdout), csv and svg into --out DIR.
#include "db/day.hpp"
#include "db/lookup.hpp"
#include "db/report.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/store_commands.hpp"
#include "prober/output/json_dump.hpp"
#include "prober/output/report_views.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace iotprobe::cli {
namespace {

struct report_options {
  std::string db = default_db_path, format = "text", out;
  db::report_filter filter;
};

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary);
  file << content;
  if (!file.flush()) throw std::runtime_error("cannot write " + path.string());
}

// csv and svg: one file per table or chart, into the --out directory (created if needed).
void write_files(const std::string& dir, const std::vector<output::report_file>& files) {
  std::filesystem::create_directories(dir);
  for (const auto& [name, content] : files) {
    write_file(std::filesystem::path(dir) / name, content);
    std::cout << (std::filesystem::path(dir) / name).string() << "\n";
  }
}

int run_report(const report_options& o) {
  db::database db = db::open_reader(o.db);
  const db::report_data data = db::build_report(db, o.filter);
  if (o.format == "csv" || o.format == "svg") {
    if (o.out.empty()) throw CLI::ValidationError("--out", "--format " + o.format + " writes files: give --out DIR");
    write_files(o.out, o.format == "csv" ? output::report_csv_files(data) : output::report_svg_files(data));
    return exit_ok;
  }
  const std::string text = o.format == "json"   ? output::dump_json(output::report_json(data)) + "\n"
                           : o.format == "html" ? output::report_html(data)
                                                : output::report_text(data);
  if (o.out.empty()) std::cout << text;
  else write_file(o.out, text);
  return exit_ok;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<report_options>();
  auto* cmd = app.add_subcommand("report", "The daily funnel, churn, top models and countries, and four "
                                           "charts for a period, offline (text, JSON, CSV, SVG, HTML)");
  auto& f = o->filter;
  cmd->add_option("--from", f.from, "first day, YYYY-MM-DD")->required();
  cmd->add_option("--to", f.to, "last day, YYYY-MM-DD (default: --from)");
  cmd->add_option("--family", f.families, "only these families (repeatable)");
  cmd->add_option("--country", f.country, "only this country code");
  cmd->add_option("--focus-country", f.focus_country, "the country of the hosts-by-family chart")
      ->capture_default_str();
  cmd->add_option("--focus-family", f.focus_family, "the family whose unique UUIDs that chart draws")
      ->capture_default_str();
  cmd->add_option("--top", f.top, "rows per family in the top tables")->capture_default_str();
  cmd->add_option("--format", o->format, "text, json (iotprobe.report/1), csv, svg or html")
      ->check(CLI::IsMember({"text", "json", "csv", "svg", "html"}))->capture_default_str();
  cmd->add_option("--out", o->out, "FILE for text/json/html (default stdout), DIR for csv/svg");
  cmd->add_option("--db", o->db, "the store")->capture_default_str();
  cmd->callback([o, &exit_code] {
    if (o->filter.to.empty()) o->filter.to = o->filter.from;
    if (!db::parse_day(o->filter.from) || !db::parse_day(o->filter.to) || o->filter.to < o->filter.from) {
      throw CLI::ValidationError("--from/--to", "days must be YYYY-MM-DD with --from <= --to");
    }
    exit_code = run_report(*o);
  });
}

}  // namespace iotprobe::cli
