// The store's subcommands: registers batch and lookup (their own files) and implements
// `churn` (the daily table of IPs versus devices) and `export` (sightings and verdicts as
// JSON lines or CSV). churn and export only read the store; output/store_views renders.
#include "db/churn.hpp"
#include "db/day.hpp"
#include "db/lookup.hpp"
#include "db/vantage.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/duration.hpp"
#include "prober/cli/store_commands.hpp"
#include "prober/output/json_dump.hpp"
#include "prober/output/store_views.hpp"
#include "prober/output/vantage_views.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace iotprobe::cli {
namespace {

struct churn_options {
  std::string db = default_db_path, from, to;
  std::optional<std::string> family, country, max_lag;
  bool json = false, no_country = false, by_vantage = false;
};

void add_churn_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<churn_options>();
  auto* cmd = app.add_subcommand("churn", "Daily table of unique IPs versus unique devices (UPnP UDNs)");
  cmd->add_option("--from", opts->from, "first day, YYYY-MM-DD")->required();
  cmd->add_option("--to", opts->to, "last day, YYYY-MM-DD (default: --from)");
  cmd->add_option("--family", opts->family, "only this device family");
  cmd->add_option("--country", opts->country, "only this country code");
  cmd->add_flag("--no-country", opts->no_country, "one row per day and family (all countries)");
  cmd->add_option("--max-lag", opts->max_lag,
                  "leave out hosts probed more than this after the darknet first saw them, and "
                  "hosts without a known lag (e.g. 2h, 30m, 90s)");
  cmd->add_option("--db", opts->db, "the store")->capture_default_str();
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->add_flag("--by-vantage", opts->by_vantage, "per day and vantage point (batch --vantage): "
                "what each saw, and what only it saw or missed (ignores --family/--country)");
  cmd->callback([opts, &exit_code] {
    if (opts->to.empty()) opts->to = opts->from;
    if (!db::parse_day(opts->from) || !db::parse_day(opts->to) || opts->to < opts->from) {
      throw CLI::ValidationError("--from/--to", "days must be YYYY-MM-DD with --from <= --to");
    }
    std::optional<double> max_lag_s;
    if (opts->max_lag) {
      const auto lag = parse_duration(*opts->max_lag);
      if (!lag) throw CLI::ValidationError("--max-lag", "expected a duration such as 2h, 30m, 90s");
      max_lag_s = static_cast<double>(lag->count());
    }
    db::database db = db::open_reader(opts->db);
    if (opts->by_vantage) {
      const auto rows = db::vantage_table(db, opts->from, opts->to);
      if (opts->json) std::cout << output::dump_json(output::vantage_json(rows)) << "\n";
      else std::cout << output::vantage_text(rows);
      exit_code = exit_ok;
      return;
    }
    const auto rows = db::churn_table(db, {opts->from, opts->to, opts->family, opts->country,
                                           !opts->no_country, max_lag_s});
    if (opts->json) std::cout << output::dump_json(output::churn_json(rows)) << "\n";
    else std::cout << output::churn_text(rows);
    exit_code = exit_ok;
  });
}

struct export_options {
  std::string db = default_db_path, format = "jsonl", out;
  std::optional<std::string> day;
  bool json = false;
};

void add_export_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<export_options>();
  auto* cmd = app.add_subcommand("export", "Write every stored host (sighting + verdict) as JSONL or CSV");
  cmd->add_option("--format", opts->format, "jsonl or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}))->capture_default_str();
  cmd->add_option("--day", opts->day, "only this day (YYYY-MM-DD)");
  cmd->add_option("--out", opts->out, "write here instead of stdout");
  cmd->add_option("--db", opts->db, "the store")->capture_default_str();
  cmd->add_flag("--json", opts->json, "same as --format jsonl");
  cmd->callback([opts, &exit_code] {
    db::database db = db::open_reader(opts->db);
    std::ofstream file;
    if (!opts->out.empty()) {
      file.open(opts->out);
      if (!file) throw std::runtime_error("cannot write " + opts->out);
    }
    std::ostream& out = opts->out.empty() ? std::cout : file;
    const bool csv = opts->format == "csv" && !opts->json;
    output::export_csv table(out);
    if (csv) table.header();
    std::string error;
    const bool ok = db::export_hosts(db, opts->day, [&](const db::export_row& row) {
      if (csv) table.row(row);
      else out << output::dump_json_line(output::export_json(row)) << "\n";
    }, error);
    if (!ok) throw std::runtime_error("export failed: " + error);
    exit_code = exit_ok;
  });
}

}  // namespace

void add_store_commands(CLI::App& app, int& exit_code) {
  add_batch_command(app, exit_code);
  add_follow_command(app, exit_code);
  add_lookup_command(app, exit_code);
  add_churn_command(app, exit_code);
  add_export_command(app, exit_code);
  add_ledger_command(app, exit_code);
  add_report_command(app, exit_code);
  add_merge_command(app, exit_code);
}

}  // namespace iotprobe::cli
