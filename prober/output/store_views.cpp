// churn, export and batch summary renderers (see store_views.hpp).
#include "prober/output/store_views.hpp"

#include "prober/output/csv.hpp"
#include "prober/output/json_dump.hpp"
#include "prober/output/lookup_views.hpp"
#include "prober/output/terminal.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace iotprobe::output {
namespace {

constexpr const char* export_columns[] = {"day",       "ip",     "country", "run",  "family",
                                          "vendor",    "product", "version", "certainty",
                                          "udn",       "shared", "mac",     "open", "seen_at",
                                          "identity_kind", "cert_sha256", "first_seen", "lag_s"};

// The distinct SHA-256s of a host's certificates, space-separated (the CSV cell).
std::string certificate_hashes(const std::vector<db::certificate_row>& certificates) {
  std::string out;
  for (const auto& c : certificates) {
    if (!c.sha256 || out.find(*c.sha256) != std::string::npos) continue;
    out += (out.empty() ? "" : " ") + *c.sha256;
  }
  return out;
}

}  // namespace

nlohmann::json churn_json(const std::vector<db::churn_row>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    out.push_back({{"day", r.day}, {"family", r.family}, {"country", r.country}, {"ips", r.ips},
                   {"devices", r.devices}, {"ips_per_device_mean", r.ips_per_device_mean},
                   {"ips_per_device_max", r.ips_per_device_max}, {"multi_ip_devices", r.multi_ip_devices},
                   {"new_devices", r.new_devices}, {"vanished_devices", r.vanished_devices},
                   {"unattributed_hosts", r.unattributed_hosts}, {"hosts_without_udn", r.hosts_without_udn},
                   {"weak_identity_devices", r.weak_identity_devices},
                   {"reclassified_devices", r.reclassified_devices}, {"honeypot_hosts", r.honeypot_hosts},
                   {"lag_median_s", r.lag_median_s ? nlohmann::json(*r.lag_median_s) : nlohmann::json()}});
  }
  return out;
}

std::string churn_text(const std::vector<db::churn_row>& rows) {
  std::string out = fmt::format(
      "{:<10} {:<18} {:<3} {:>7} {:>7} {:>6} {:>4} {:>6} {:>6} {:>8} {:>7} {:>6} {:>8}\n", "day", "family",
      "cc", "ips", "devices", "ip/dev", "max", "multi", "new", "vanished", "shared", "no-udn", "lag");
  for (const auto& r : rows) {
    out += fmt::format(
        "{:<10} {:<18} {:<3} {:>7} {:>7} {:>6.2f} {:>4} {:>6} {:>6} {:>8} {:>7} {:>6} {:>8}\n",
        terminal_safe(r.day), r.family.empty() ? "(unidentified)" : terminal_safe(r.family),
        r.country.empty() ? "-" : terminal_safe(r.country), r.ips, r.devices, r.ips_per_device_mean,
        r.ips_per_device_max, r.multi_ip_devices, r.new_devices, r.vanished_devices,
        r.unattributed_hosts, r.hosts_without_udn,
        r.lag_median_s ? fmt::format("{:.1f}s", *r.lag_median_s) : std::string("-"));
  }
  out += "ips = unique addresses with an open port; devices = unique per-device root UDNs; "
         "shared = hosts whose only UDN is shared (unattributed); no-udn = hosts without UPnP; "
         "lag = median time from the darknet's first sighting to the probe\n";
  for (const auto& r : rows) {  // issue 11: what no column above shows
    if (r.family == "*" && r.honeypot_hosts)
      out += fmt::format("{}: {} honeypot-like address(es) left out of every count\n",
                         terminal_safe(r.day), r.honeypot_hosts);
    if (r.reclassified_devices && r.family != "*")
      out += fmt::format("{} {}: {} device(s) reclassified as shared or not since first counted\n",
                         terminal_safe(r.day), r.family.empty() ? "(unidentified)" : terminal_safe(r.family),
                         r.reclassified_devices);
  }
  return out;
}

nlohmann::json export_json(const db::export_row& r) {
  return {{"day", r.day},         {"ip", r.ip},
          {"country", json_or_null(r.country)}, {"run", r.run},
          {"family", json_or_null(r.family)},   {"vendor", json_or_null(r.vendor)},
          {"product", json_or_null(r.product)}, {"version", json_or_null(r.version)},
          {"certainty", r.certainty},           {"udn", json_or_null(r.udn)},
          {"shared", r.shared},                 {"mac", json_or_null(r.mac)},
          {"open", r.open},                     {"seen_at", json_or_null(r.seen_at)},
          {"identity_kind", json_or_null(r.identity_kind)},
          {"certificates", certificates_json(r.certificates)},
          {"first_seen", json_or_null(r.first_seen)},
          {"lag_s", r.lag_s ? nlohmann::json(*r.lag_s) : nlohmann::json()}};
}

void export_csv::header() {
  csv_writer csv(out_);
  for (const char* column : export_columns) csv.cell(column);
  csv.end_record();
}

void export_csv::row(const db::export_row& r) {
  csv_writer csv(out_);
  csv.cell(r.day).cell(r.ip).cell(r.country).cell(r.run).cell(r.family).cell(r.vendor);
  csv.cell(r.product).cell(r.version).cell(r.certainty).cell(r.udn).cell(r.shared).cell(r.mac);
  csv.cell(r.open).cell(r.seen_at).cell(r.identity_kind).cell(certificate_hashes(r.certificates));
  csv.cell(r.first_seen);
  if (r.lag_s) csv.cell(*r.lag_s); else csv.cell(std::optional<std::string>());
  csv.end_record();
}

std::string run_summary_text(const db::run_info& run, const std::vector<db::run_family_row>& families,
                             const db::run_device_counts& devices,
                             const std::vector<db::reclassification>& reclassified) {
  std::string out = fmt::format("run {} ({}, {}): {}\n", run.id, terminal_safe(run.day),
                                terminal_safe(run.input), terminal_safe(run.state));
  out += fmt::format("  targets {}  refused {}  hosts probed {}  open {}  identified {}\n",
                     run.targets, run.refused, run.hosts_done, run.hosts_open, run.hosts_identified);
  out += fmt::format("  {:<20} {:>7} {:>8} {:>8} {:>7}\n", "family", "ips", "devices", "shared",
                     "no-udn");
  for (const auto& f : families) {
    out += fmt::format("  {:<20} {:>7} {:>8} {:>8} {:>7}\n", terminal_safe(f.family), f.ips,
                       f.devices, f.shared, f.no_udn);
  }
  out += fmt::format("  devices vs IPs: {} unique device(s) behind {} address(es) that served a "
                     "UPnP description, SSDP reply or self-signed certificate ({} HTTP-only open "
                     "address(es) cannot hold one)\n",
                     devices.devices, devices.identity_hosts, devices.http_only_hosts);
  if (devices.honeypot_hosts)
    out += fmt::format("  {} honeypot-like address(es) left out of every count\n", devices.honeypot_hosts);
  for (const auto& r : reclassified) {
    const auto earlier = std::count_if(r.days.begin(), r.days.end(), [&](const std::string& d) { return d < run.day; });
    out += fmt::format("  reclassified {} as {} ({}): counts of {} day(s) changed: {}{}\n",
                       terminal_safe(r.udn), r.now.shared ? "shared" : "a device",
                       terminal_safe(r.now.reason.value_or("no rule holds")), r.days.size(),
                       terminal_safe(fmt::format("{}", fmt::join(r.days, ", "))),
                       earlier ? fmt::format(" ({} earlier day(s))", earlier) : std::string());
  }
  return out;
}

}  // namespace iotprobe::output
