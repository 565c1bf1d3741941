// `iotprobe lookup ip IP | uuid UUID | model REGEX [--db PATH] [--json]`: what the store
// knows about one address, one device (its address timeline by day) or a model pattern.
// Read-only: it opens the store as a reader and never blocks a running batch. The rows
// come from db/lookup, the text and JSON from output/lookup_views.
#include "db/lookup.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/store_commands.hpp"
#include "prober/output/json_dump.hpp"
#include "prober/output/lookup_views.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace iotprobe::cli {
namespace {

struct lookup_options {
  std::string db = default_db_path;
  std::string key;
  bool json = false;
  int limit = 100;
};

template <typename Result>
void print(const Result& result, bool json) {
  if (json) std::cout << output::dump_json(output::lookup_json(result)) << "\n";
  else std::cout << output::lookup_text(result);
}

using runner = int (*)(db::database&, const lookup_options&);

// Registers one lookup kind; `run` queries the store and prints, returning the exit code.
void add_kind(CLI::App& lookup, const char* name, const char* what, const char* arg,
              bool with_limit, int& exit_code, runner run) {
  auto opts = std::make_shared<lookup_options>();
  auto* cmd = lookup.add_subcommand(name, what);
  cmd->add_option(arg, opts->key, fmt::format("the {} to look up", arg))->required();
  cmd->add_option("--db", opts->db, "the store")->capture_default_str();
  cmd->add_flag("--json", opts->json, "print JSON");
  if (with_limit) cmd->add_option("--limit", opts->limit, "at most this many devices")->capture_default_str();
  cmd->callback([opts, run, &exit_code] {
    db::database db = db::open_reader(opts->db);
    exit_code = run(db, *opts);
  });
}

int run_ip(db::database& db, const lookup_options& o) {
  print(db::lookup_ip(db, o.key), o.json);
  return exit_ok;
}

int run_uuid(db::database& db, const lookup_options& o) {
  print(db::lookup_uuid(db, o.key), o.json);
  return exit_ok;
}

int run_model(db::database& db, const lookup_options& o) {
  const db::model_lookup result = db::lookup_model(db, o.key, o.limit);
  if (result.status != db::lookup_status::ok) {
    std::cerr << "iotprobe lookup: " << result.detail << "\n";
    return exit_bad_input;
  }
  print(result, o.json);
  return exit_ok;
}

}  // namespace

void add_lookup_command(CLI::App& app, int& exit_code) {
  auto* lookup = app.add_subcommand("lookup", "Look up an address, a device UUID or a model in the store");
  lookup->require_subcommand(1);
  add_kind(*lookup, "ip", "Every run and day this address was seen, with verdicts and UUIDs", "IP",
           false, exit_code, run_ip);
  add_kind(*lookup, "uuid", "A device's attributes and its address timeline by day", "UUID", false,
           exit_code, run_uuid);
  add_kind(*lookup, "model", "Devices whose model or manufacturer matches a PCRE2 pattern", "REGEX",
           true, exit_code, run_model);
}

}  // namespace iotprobe::cli
