// The store's subcommands: registers batch and lookup (their own files) and implements
// `churn` (the daily table of IPs versus devices) and `export` (sightings and verdicts as
// JSON lines or CSV). churn and export only read the store.
#include "db/churn.hpp"
#include "db/day.hpp"
#include "db/lookup.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/json_views.hpp"
#include "prober/cli/store_commands.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace iotprobe::cli {
namespace {

struct churn_options {
  std::string db = default_db_path, from, to;
  std::optional<std::string> family, country;
  bool json = false, no_country = false;
};

nlohmann::json to_json(const db::churn_row& r) {
  return {{"day", r.day}, {"family", r.family}, {"country", r.country}, {"ips", r.ips},
          {"devices", r.devices}, {"ips_per_device_mean", r.ips_per_device_mean},
          {"ips_per_device_max", r.ips_per_device_max}, {"multi_ip_devices", r.multi_ip_devices},
          {"new_devices", r.new_devices}, {"vanished_devices", r.vanished_devices},
          {"unattributed_hosts", r.unattributed_hosts}, {"hosts_without_udn", r.hosts_without_udn}};
}

void print_churn(const std::vector<db::churn_row>& rows) {
  fmt::print("{:<10} {:<18} {:<3} {:>7} {:>7} {:>6} {:>4} {:>6} {:>6} {:>8} {:>7} {:>6}\n", "day",
             "family", "cc", "ips", "devices", "ip/dev", "max", "multi", "new", "vanished",
             "shared", "no-udn");
  for (const auto& r : rows) {
    fmt::print("{:<10} {:<18} {:<3} {:>7} {:>7} {:>6.2f} {:>4} {:>6} {:>6} {:>8} {:>7} {:>6}\n", r.day,
               r.family.empty() ? "(unidentified)" : r.family, r.country.empty() ? "-" : r.country,
               r.ips, r.devices, r.ips_per_device_mean, r.ips_per_device_max, r.multi_ip_devices,
               r.new_devices, r.vanished_devices, r.unattributed_hosts, r.hosts_without_udn);
  }
  fmt::print("ips = unique addresses with an open port; devices = unique per-device root UDNs; "
             "shared = hosts whose only UDN is shared (unattributed); no-udn = hosts without UPnP\n");
}

void add_churn_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<churn_options>();
  auto* cmd = app.add_subcommand("churn", "Daily table of unique IPs versus unique devices (UPnP UDNs)");
  cmd->add_option("--from", opts->from, "first day, YYYY-MM-DD")->required();
  cmd->add_option("--to", opts->to, "last day, YYYY-MM-DD (default: --from)");
  cmd->add_option("--family", opts->family, "only this device family");
  cmd->add_option("--country", opts->country, "only this country code");
  cmd->add_flag("--no-country", opts->no_country, "one row per day and family (all countries)");
  cmd->add_option("--db", opts->db, "the store")->capture_default_str();
  cmd->add_flag("--json", opts->json, "print JSON");
  cmd->callback([opts, &exit_code] {
    if (opts->to.empty()) opts->to = opts->from;
    if (!db::parse_day(opts->from) || !db::parse_day(opts->to) || opts->to < opts->from) {
      throw CLI::ValidationError("--from/--to", "days must be YYYY-MM-DD with --from <= --to");
    }
    db::database db = db::open_reader(opts->db);
    const auto rows = db::churn_table(db, {opts->from, opts->to, opts->family, opts->country,
                                           !opts->no_country});
    if (opts->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : rows) out.push_back(to_json(r));
      std::cout << dump_json(out) << "\n";
    } else {
      print_churn(rows);
    }
    exit_code = exit_ok;
  });
}

struct export_options {
  std::string db = default_db_path, format = "jsonl", out;
  std::optional<std::string> day;
  bool json = false;
};

std::string csv_field(const nlohmann::json& v) {
  std::string text = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : dump_json_line(v);
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

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
    static const char* columns[] = {"day", "ip", "country", "run", "family", "vendor", "product",
                                    "version", "certainty", "udn", "shared", "mac", "open", "seen_at"};
    if (csv) {
      for (std::size_t i = 0; i < std::size(columns); ++i) out << (i ? "," : "") << columns[i];
      out << "\n";
    }
    std::string error;
    const bool ok = db::export_hosts(db, opts->day, [&](const nlohmann::json& row) {
      if (!csv) {
        out << dump_json_line(row) << "\n";
        return;
      }
      for (std::size_t i = 0; i < std::size(columns); ++i) out << (i ? "," : "") << csv_field(row[columns[i]]);
      out << "\n";
    }, error);
    if (!ok) throw std::runtime_error("export failed: " + error);
    exit_code = exit_ok;
  });
}

}  // namespace

void add_store_commands(CLI::App& app, int& exit_code) {
  add_batch_command(app, exit_code);
  add_lookup_command(app, exit_code);
  add_churn_command(app, exit_code);
  add_export_command(app, exit_code);
}

}  // namespace iotprobe::cli
