// `iotprobe ledger rebuild [--db PATH] [--config FILE]`: re-derives every stored identity
// key's shared status from the stored descriptions and clone checks under the config's
// rules (issue 11 case 2), and prints each key whose status changed with the days whose
// counts that changed. A batch does the same on its own when the rules changed.
#include "config/settings.hpp"
#include "db/store.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/store_commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace iotprobe::cli {
namespace {

struct ledger_options {
  std::string db = default_db_path, config;
};

void print_report(const db::rebuild_report& report, const std::string& source) {
  std::cout << fmt::format("ledger: {} key(s) re-derived under the rules of {}; {} reclassified\n",
                           report.devices, source, report.changed.size());
  for (const auto& r : report.changed) {
    std::cout << fmt::format("  {} now {} ({}{}{}): counts of {} changed\n", r.udn,
                             r.now.shared ? "shared" : "a device", r.now.reason.value_or("no rule holds"),
                             r.now.evidence ? ": " : "", r.now.evidence.value_or(""),
                             fmt::join(r.days, ", "));
  }
}

}  // namespace

void add_ledger_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ledger_options>();
  auto* ledger = app.add_subcommand("ledger", "The device ledger: re-derive shared identity keys");
  ledger->require_subcommand(1);
  auto* rebuild = ledger->add_subcommand(
      "rebuild", "Re-derive every stored key's shared status under the current rules");
  rebuild->add_option("--db", o->db, "the store")->capture_default_str();
  rebuild->add_option("--config", o->config, "config file (its known_default_udn list)");
  rebuild->callback([o, &exit_code] {
    const config::settings settings = config::load_settings(o->config);
    db::store_options options;
    if (!settings.known_default_udns.empty()) options.known_default_udns = settings.known_default_udns;
    db::store store{o->db, options};  // opening re-derives already when the rules changed
    const db::rebuild_report& at_open = store.rebuild_at_open();
    print_report(at_open.devices ? at_open : store.rebuild_ledger(), settings.source);
    exit_code = exit_ok;
  });
}

}  // namespace iotprobe::cli
