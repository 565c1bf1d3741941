// The engine flags shared by probe, scan and batch, and the dry-run printer. Every flag
// is a config key applied after the config file (load_settings' overrides), so a flag
// and a config line can never disagree about meaning. The dry run never opens a socket.
#include "prober/cli/engine_flags.hpp"

#include "prober/descriptor_budget.hpp"
#include "prober/output/input_views.hpp"

#include <iostream>

namespace iotprobe::cli {
namespace {

struct limit_flag {
  const char* flag;
  const char* key;
  const char* help;
};

constexpr limit_flag limit_flags[] = {
    {"--max-in-flight", "max_in_flight", "global open connections (default 1000)"},
    {"--connect-rate", "connect_rate", "new connections per second (default 500)"},
    {"--connect-burst", "connect_burst", "token bucket depth (default: one second's worth)"},
    {"--per-host-connections", "per_host_connections", "connections to one host at once (2)"},
    {"--host-deadline-ms", "host_deadline_ms", "everything for one host ends by then (30000)"},
    {"--connect-timeout-ms", "connect_timeout_ms", "TCP connect timeout (5000)"},
    {"--transfer-deadline-ms", "transfer_deadline_ms", "one request, connect to last byte (10000)"},
    {"--max-header-bytes", "max_header_bytes", "cap on response headers (32768)"},
    {"--max-body-bytes", "max_body_bytes", "cap on a response body (262144)"},
    {"--max-redirects", "max_redirects", "redirects followed per port (2)"},
    {"--ssdp-window-ms", "ssdp_window_ms", "how long SSDP replies are collected (1500)"},
    {"--banner-bytes", "banner_bytes", "raw banner cap (4096)"},
    {"--dedupe-window", "dedupe_window", "recent targets remembered to drop duplicates"},
    {"--stored-raw-bytes-per-host", "stored_raw_bytes_per_host",
     "raw response bytes batch stores per host (262144)"},
};

void add_key_option(CLI::App& cmd, engine_flags& flags, const std::string& flag,
                    const std::string& key, const std::string& help) {
  cmd.add_option_function<std::string>(
         flag, [&flags, key](const std::string& v) { flags.overrides.emplace_back(key, v); }, help)
      ->type_name("VALUE");
}

void add_repeatable(CLI::App& cmd, engine_flags& flags, const std::string& flag,
                    const std::string& key, const std::string& help) {
  cmd.add_option_function<std::vector<std::string>>(
         flag,
         [&flags, key](const std::vector<std::string>& values) {
           for (const auto& v : values) flags.overrides.emplace_back(key, v);
         },
         help)
      ->type_name("VALUE")
      ->allow_extra_args(false)  // one value per flag: `--allow A IP` must not eat the IP
      ->take_all();
}

}  // namespace

void add_engine_flags(CLI::App& cmd, engine_flags& flags) {
  cmd.add_option("--config", flags.config_path, "config file (default: the shipped iotprobe.conf)")
      ->check(CLI::ExistingFile);
  add_key_option(cmd, flags, "--profile", "profile", "port profile: default or extended");
  add_key_option(cmd, flags, "--ports", "ports", "logical ports to probe, e.g. 80,52869");
  add_key_option(cmd, flags, "--https-ports", "https_ports",
                 "which of the probed ports speak TLS, e.g. 443,8443");
  add_key_option(cmd, flags, "--port-map", "port_map", "logical=wire ports, e.g. 80=18080,1900=11900");
  add_key_option(cmd, flags, "--user-agent", "user_agent", "User-Agent (say who you are)");
  add_key_option(cmd, flags, "--ssdp", "ssdp", "unicast SSDP M-SEARCH: on or off");
  add_repeatable(cmd, flags, "--allow", "allow",
                 "CIDR let through the built-in blocklist (e.g. 127.0.0.0/8 for the mock fleet)");
  add_repeatable(cmd, flags, "--exclude", "exclude", "file of CIDRs never to probe (beats --allow)");
  for (const auto& l : limit_flags) add_key_option(cmd, flags, l.flag, l.key, l.help);
  cmd.add_option("--threads", flags.threads,
                 "event loops, each with its own share of the limits (default: one per core)")
      ->check(CLI::Range(1, 1024));
  cmd.add_flag("--quiet,-q", flags.quiet, "no progress line");
  cmd.add_flag("--dry-run", flags.dry_run, "print each target accepted or refused; send nothing");
}

config::settings settings_from_flags(const engine_flags& flags) {
  return config::load_settings(flags.config_path, flags.overrides);
}

void fit_to_descriptor_limit(config::settings& settings) {
  const auto fit = prober::fit_descriptor_limit(settings.limits.max_in_flight);
  std::cerr << fit.notice;
  settings.limits.max_in_flight = fit.max_in_flight;
}

dry_run_counts print_dry_run(const config::settings& settings, const prober::blocklist& blocks,
                             const prober::target_source& next, std::ostream& out) {
  prober::target_filter filter(blocks, settings.limits.dedupe_window);
  dry_run_counts counts;
  const auto ports = settings.probed_ports();
  while (auto target = next()) {
    const auto verdict = filter.check(*target);
    if (verdict.accepted()) {
      ++counts.accepted;
      out << output::dry_run_accept_line(target->ip, ports);
    } else {
      ++counts.refused;
      out << output::dry_run_refuse_line(target->ip, prober::to_string(verdict.verdict), verdict.reason);
    }
  }
  out << output::dry_run_total_line(counts.accepted, counts.refused);
  return counts;
}

}  // namespace iotprobe::cli
