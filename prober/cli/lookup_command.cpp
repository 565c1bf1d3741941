// `iotprobe lookup ip IP | uuid UUID | model REGEX [--db PATH] [--json]`: what the store
// knows about one address, one device (its address timeline by day) or a model pattern.
// Read-only: it opens the store as a reader and never blocks a running batch.
#include "db/lookup.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/json_views.hpp"
#include "prober/cli/store_commands.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace iotprobe::cli {
namespace {

using nlohmann::json;

std::string str(const json& v, const char* fallback = "-") {
  return v.is_string() ? v.get<std::string>() : std::string(fallback);
}

void print_ip(const json& r) {
  const auto& hosts = r["hosts"];
  fmt::print("{}: {} record(s)\n", r["ip"].get<std::string>(), hosts.size());
  for (const auto& h : hosts) {
    fmt::print("  {} run {} ({}) country {}: family {} vendor {} product {} certainty {:.2f}{}\n",
               str(h["day"]), h["run"].get<long long>(), str(h["input"]), str(h["country"]),
               str(h["family"]), str(h["vendor"]), str(h["product"]), h["certainty"].get<double>(),
               h["open"].get<bool>() ? "" : " (no open port)");
    if (h["device"].is_object()) {
      const auto& d = h["device"];
      fmt::print("    device {}{}\n", str(d["udn"]),
                 d["shared"].get<bool>() ? fmt::format(" [shared UDN: {}]", str(d["shared_reason"])) : "");
    }
    for (const auto& u : h["udns"]) fmt::print("    udn seen {}\n", u.get<std::string>());
    for (const auto& p : h["probes"]) {
      fmt::print("    {}/{} {} {}{}{}\n", p["port"].get<long long>(), str(p["probe"]), str(p["path"], ""),
                 str(p["status"]),
                 p["server"].is_string() ? fmt::format(" server \"{}\"", str(p["server"])) : "",
                 p["title"].is_string() ? fmt::format(" title \"{}\"", str(p["title"])) : "");
    }
  }
}

void print_uuid(const json& r) {
  if (!r["found"].get<bool>()) {
    fmt::print("{}: not in the store\n", r["udn"].get<std::string>());
    return;
  }
  fmt::print("{}{}\n", str(r["udn"]),
             r["shared"].get<bool>() ? fmt::format("  [shared UDN: {}]", str(r["shared_reason"])) : "");
  fmt::print("  family {} vendor {} manufacturer {} model {} {} serial {} mac {}\n", str(r["family"]),
             str(r["vendor"]), str(r["manufacturer"]), str(r["model_name"]), str(r["model_number"], ""),
             str(r["serial_number"]), str(r["mac"]));
  fmt::print("  seen {} .. {}\n", str(r["first_day"]), str(r["last_day"]));
  for (const auto& d : r["days"]) {
    std::string ips;
    for (const auto& ip : d["ips"]) ips += (ips.empty() ? "" : ", ") + ip.get<std::string>();
    fmt::print("  {}  {}  first {} last {}\n", str(d["day"]), ips, str(d["first_seen"]),
               str(d["last_seen"]));
  }
}

void print_model(const json& r) {
  const auto& devices = r["devices"];
  fmt::print("{}{} device(s) match /{}/ (model name or number)\n",
             r["truncated"].get<bool>() ? "the first " : "", devices.size(),
             r["pattern"].get<std::string>());
  for (const auto& d : devices) {
    fmt::print("  {}  {} {} {}  family {}  {} ip(s) over {} day(s), {} .. {}{}\n", str(d["udn"]),
               str(d["manufacturer"]), str(d["model_name"]), str(d["model_number"], ""),
               str(d["family"]), d["ips"].get<long long>(), d["days"].get<long long>(),
               str(d["first_day"]), str(d["last_day"]), d["shared"].get<bool>() ? "  [shared]" : "");
  }
}

struct lookup_options {
  std::string db = default_db_path;
  std::string key;
  bool json = false;
  int limit = 100;
};

void add_kind(CLI::App& lookup, const char* name, const char* what, const char* arg,
              int& exit_code, json (*query)(db::database&, const std::string&, int),
              void (*print)(const json&)) {
  auto opts = std::make_shared<lookup_options>();
  auto* cmd = lookup.add_subcommand(name, what);
  cmd->add_option(arg, opts->key, fmt::format("the {} to look up", arg))->required();
  cmd->add_option("--db", opts->db, "the store")->capture_default_str();
  cmd->add_flag("--json", opts->json, "print JSON");
  if (std::string(name) == "model") {
    cmd->add_option("--limit", opts->limit, "at most this many devices")->capture_default_str();
  }
  cmd->callback([opts, query, print, &exit_code] {
    db::database db = db::open_reader(opts->db);
    const json result = query(db, opts->key, opts->limit);
    if (result.contains("error")) {
      std::cerr << "iotprobe lookup: " << result["error"].get<std::string>() << "\n";
      exit_code = exit_bad_input;
      return;
    }
    if (opts->json) std::cout << dump_json(result) << "\n"; else print(result);
    exit_code = exit_ok;
  });
}

}  // namespace

void add_lookup_command(CLI::App& app, int& exit_code) {
  auto* lookup = app.add_subcommand("lookup", "Look up an address, a device UUID or a model in the store");
  lookup->require_subcommand(1);
  add_kind(*lookup, "ip", "Every run and day this address was seen, with verdicts and UUIDs", "IP",
           exit_code, [](db::database& db, const std::string& ip, int) { return db::lookup_ip(db, ip); },
           print_ip);
  add_kind(*lookup, "uuid", "A device's attributes and its address timeline by day", "UUID",
           exit_code,
           [](db::database& db, const std::string& udn, int) { return db::lookup_uuid(db, udn); },
           print_uuid);
  add_kind(*lookup, "model", "Devices whose model or manufacturer matches a PCRE2 pattern", "REGEX",
           exit_code, db::lookup_model, print_model);
}

}  // namespace iotprobe::cli
