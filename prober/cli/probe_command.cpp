// `iotprobe probe IP…`, `iotprobe scan --input FILE` and `iotprobe config show`: the CLI
// over the scan engine. Exceptions stop at this edge (main prints them). A refused target
// is reported with its reason and never dialled; --dry-run sends nothing at all.
#include "config/settings.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/engine_flags.hpp"
#include "prober/cli/shard_flags.hpp"
#include "prober/cli/target_input.hpp"
#include "prober/cli/verdict_seam.hpp"
#include "prober/engine.hpp"
#include "prober/sharded_scan.hpp"
#include "prober/output/host_views.hpp"
#include "prober/output/input_views.hpp"
#include "prober/output/terminal.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

namespace iotprobe::cli {
namespace {

struct probe_options {
  engine_flags engine;
  std::vector<std::string> ips;
  bool json = false;
  bool raw = false;
};

struct scan_options {
  engine_flags engine;
  std::string input;
  std::string jsonl = "-";
  bool raw = false;
  shard_flags sharding;
  std::optional<parsers::shard_spec> shard;  // resolved from `sharding`
};

void run_probe(probe_options& o, int& exit_code) {
  auto settings = settings_from_flags(o.engine);
  const auto blocks = prober::make_blocklist(settings);
  if (o.engine.dry_run) {
    print_dry_run(settings, blocks, list_source(o.ips), std::cout);
    return;
  }
  // Refuse clearly, before anything is sent; the other targets are still probed.
  prober::target_filter filter(blocks, settings.limits.dedupe_window);
  std::vector<std::string> accepted;
  for (const auto& ip : o.ips) {
    const auto verdict = filter.check(prober::target_spec{ip, {}, {}, {}});
    if (verdict.accepted()) {
      accepted.push_back(ip);
      continue;
    }
    std::cerr << fmt::format("iotprobe: refusing to probe {} ({}): {}\n", output::terminal_safe(ip),
                             prober::to_string(verdict.verdict), verdict.reason);
    if (verdict.verdict == prober::admission::blocklist)
      std::cerr << "iotprobe: reserved ranges are never probed; --allow CIDR lets a test range through\n";
    exit_code = exit_bad_input;
  }
  if (accepted.empty()) return;
  fit_to_descriptor_limit(settings);
  prober::engine_options eo;
  eo.classify = make_verdict_classifier(settings);
  prober::sharded_scan scan(settings, blocks, [&](parsers::host_result host) {
    if (o.json) std::cout << output::host_json_line(host, o.raw) << "\n";
    else std::cout << output::host_text(host);
    std::cout.flush();
  }, std::move(eo), o.engine.threads);
  const int code = scan.run(list_source(accepted), false);
  if (code) exit_code = code;
}

// nullptr for "-" (stdout); throws config_error when the file cannot be written.
std::unique_ptr<std::ofstream> open_output(const std::string& path) {
  if (path == "-") return nullptr;
  auto file = std::make_unique<std::ofstream>(path, std::ios::trunc);
  if (!*file) throw config::config_error("cannot write '" + path + "'");
  return file;
}

void print_scan_summary(const prober::engine_stats& s, const parsers::target_reader& reader) {
  std::cerr << fmt::format("scan: {} hosts probed, {} refused, {} open ports, {} HTTP exchanges\n",
                           s.hosts_done, s.refused, s.open_ports, s.http_exchanges);
  std::cerr << output::reader_summary_text(reader, 10);
}

void run_scan(scan_options& o, int& exit_code) {
  auto settings = settings_from_flags(o.engine);
  // target_reader already drops every duplicate of the file; a second window would only
  // cost memory that grows with the input.
  settings.limits.dedupe_window = 0;
  const auto blocks = prober::make_blocklist(settings);
  const auto input = open_target_file(o.input);
  if (o.engine.dry_run) {
    print_dry_run(settings, blocks, shard_source(file_source(input), o.shard), std::cout);
    std::cout << output::reader_summary_text(*input.reader, 1000);
    if (input.reader->failed()) exit_code = exit_bad_input;
    return;
  }
  fit_to_descriptor_limit(settings);
  const auto file = open_output(o.jsonl);
  std::ostream& out = file ? static_cast<std::ostream&>(*file) : std::cout;
  prober::engine_options eo;
  eo.classify = make_verdict_classifier(settings);
  std::uint64_t refused_shown = 0;
  eo.on_refused = [&](const prober::target_spec& t, const prober::admission_result& a) {
    if (o.engine.quiet || ++refused_shown > 20) return;
    std::cerr << fmt::format("iotprobe: refused {} ({}): {}\n", t.ip, prober::to_string(a.verdict), a.reason);
  };
  prober::sharded_scan scan(settings, blocks, [&](parsers::host_result host) {
    out << output::host_json_line(host, o.raw) << '\n';
  }, std::move(eo), o.engine.threads);
  const auto total = o.input == "-" ? 0 : count_rows(o.input);
  const int code = scan.run(shard_source(file_source(input), o.shard), !o.engine.quiet,
                            o.shard ? total / o.shard->count : total);
  out.flush();
  if (!o.engine.quiet) print_scan_summary(scan.stats(), *input.reader);
  if (input.reader->failed() && !code) exit_code = exit_bad_input;
  if (code) exit_code = code;
}

void add_probe(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<probe_options>();
  auto* cmd = app.add_subcommand("probe", "Probe hosts now and print each verdict, its evidence and a port table");
  cmd->add_option("ips", o->ips, "IP addresses to probe")->required();
  cmd->add_flag("--json", o->json, "one JSON object per host (schema iotprobe.host/1)");
  cmd->add_flag("--raw", o->raw, "include raw response bytes in JSON");
  add_engine_flags(*cmd, o->engine);
  cmd->callback([o, &exit_code] { run_probe(*o, exit_code); });
}

void add_scan(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<scan_options>();
  auto* cmd = app.add_subcommand("scan", "Probe every target of a file and write one JSON line per host");
  cmd->add_option("--input,-i", o->input, "targets: IP per line, or CSV with an ip column ('-' = stdin)")
      ->required();
  cmd->add_option("--jsonl,-o", o->jsonl, "output file (default '-' = stdout)");
  cmd->add_flag("--raw", o->raw, "include raw response bytes");
  add_engine_flags(*cmd, o->engine);
  add_shard_flags(*cmd, o->sharding);
  cmd->callback([o, &exit_code] {
    o->shard = resolve_shard(o->sharding, process_environment());
    run_scan(*o, exit_code);
  });
}

void add_config(CLI::App& app) {
  auto flags = std::make_shared<engine_flags>();
  auto* cmd = app.add_subcommand("config", "Inspect the configuration");
  cmd->require_subcommand(1);
  auto* show = cmd->add_subcommand("show", "Print the effective config (file + flags) and the blocklist sizes");
  add_engine_flags(*show, *flags);
  show->callback([flags] {
    const auto settings = settings_from_flags(*flags);
    std::cout << config::to_config_text(settings);
    const auto blocks = prober::make_blocklist(settings);
    std::cout << fmt::format("# blocklist: {} reserved ranges, {} exclude ranges, {} allow ranges\n",
                             blocks.reserved_ranges(), blocks.exclude_ranges(), blocks.allow_ranges());
  });
}

}  // namespace

void add_probe_commands(CLI::App& app, int& exit_code) {
  add_probe(app, exit_code);
  add_scan(app, exit_code);
  add_config(app);
}

}  // namespace iotprobe::cli
