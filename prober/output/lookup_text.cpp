// Readable text of the lookups (see lookup_views.hpp). Every stored string is device or
// input text and goes through terminal_safe; absent values print as "-".
#include "prober/output/lookup_views.hpp"
#include "prober/output/terminal.hpp"

#include <fmt/format.h>

namespace iotprobe::output {
namespace {

std::string or_dash(const std::optional<std::string>& value) { return terminal_safe_or(value, "-"); }

std::string shared_note(bool shared, const std::optional<std::string>& reason, const char* gap) {
  return shared ? fmt::format("{}[shared UDN: {}]", gap, or_dash(reason)) : std::string();
}

std::string probe_line(const db::probe_row& p) {
  return fmt::format("    {}/{} {} {}{}{}\n", p.port, terminal_safe(p.probe), terminal_safe(p.path),
                     terminal_safe(p.status),
                     p.server ? fmt::format(" server \"{}\"", terminal_safe(*p.server)) : "",
                     p.title ? fmt::format(" title \"{}\"", terminal_safe(*p.title)) : "");
}

std::string certificate_line(const db::certificate_row& c) {
  const std::string failed = c.status == "ok" ? "" : " (" + terminal_safe(c.status) + ")";
  return fmt::format("    cert {} sha256 {} subject \"{}\" issuer \"{}\" valid {} .. {}{}\n",
                     c.port, or_dash(c.sha256), or_dash(c.subject), or_dash(c.issuer),
                     or_dash(c.not_before), or_dash(c.not_after), failed);
}

std::string ip_record_text(const db::ip_record& h) {
  std::string out = fmt::format(
      "  {} run {} ({}) country {}: family {} vendor {} product {} certainty {:.2f}{}\n",
      terminal_safe(h.day), h.run, terminal_safe(h.input), or_dash(h.country), or_dash(h.family),
      or_dash(h.vendor), or_dash(h.product), h.certainty, h.open ? "" : " (no open port)");
  if (h.device) {
    out += fmt::format("    device {}{}{}\n", terminal_safe(h.device->udn),
                       h.device->identity_kind == "udn"
                           ? std::string()
                           : " (" + terminal_safe(h.device->identity_kind) + ")",
                       shared_note(h.device->shared, h.device->shared_reason, " "));
  }
  if (h.first_seen)
    out += fmt::format("    darknet first seen {}, probed {}, lag {}\n", terminal_safe(*h.first_seen),
                       or_dash(h.started_at), h.lag_s ? fmt::format("{:.1f} s", *h.lag_s) : "-");
  for (const auto& u : h.udns) out += fmt::format("    udn seen {}\n", terminal_safe(u));
  for (const auto& p : h.probes) out += probe_line(p);
  for (const auto& c : h.certificates) out += certificate_line(c);
  return out;
}

std::string day_line(const db::address_day& d) {
  std::string ips;
  for (const auto& ip : d.ips) ips += (ips.empty() ? "" : ", ") + terminal_safe(ip);
  return fmt::format("  {}  {}  first {} last {}\n", terminal_safe(d.day), ips,
                     terminal_safe(d.first_seen), terminal_safe(d.last_seen));
}

std::string model_line(const db::model_match& d) {
  return fmt::format("  {}  {} {} {}  family {}  {} ip(s) over {} day(s), {} .. {}{}\n",
                     terminal_safe(d.udn), or_dash(d.manufacturer), or_dash(d.model_name),
                     terminal_safe_or(d.model_number, ""), or_dash(d.family), d.ips, d.days,
                     terminal_safe(d.first_day), terminal_safe(d.last_day), d.shared ? "  [shared]" : "");
}

}  // namespace

std::string lookup_text(const db::ip_lookup& result) {
  std::string out = fmt::format("{}: {} record(s)\n", terminal_safe(result.ip), result.hosts.size());
  for (const auto& h : result.hosts) out += ip_record_text(h);
  return out;
}

std::string lookup_text(const db::uuid_lookup& r) {
  if (!r.found) return fmt::format("{}: not in the store\n", terminal_safe(r.udn));
  std::string out = fmt::format("{}{}\n", terminal_safe(r.udn), shared_note(r.shared, r.shared_reason, "  "));
  out += fmt::format("  family {} vendor {} manufacturer {} model {} {} serial {} mac {}\n",
                     or_dash(r.family), or_dash(r.vendor), or_dash(r.manufacturer),
                     or_dash(r.model_name), terminal_safe_or(r.model_number, ""),
                     or_dash(r.serial_number), or_dash(r.mac));
  out += fmt::format("  seen {} .. {}\n", terminal_safe(r.first_day), terminal_safe(r.last_day));
  for (const auto& d : r.days) out += day_line(d);
  return out;
}

std::string lookup_text(const db::model_lookup& result) {
  std::string out = fmt::format("{}{} device(s) match /{}/ (model name or number)\n",
                                result.truncated ? "the first " : "", result.devices.size(),
                                terminal_safe(result.pattern));
  for (const auto& d : result.devices) out += model_line(d);
  return out;
}

}  // namespace iotprobe::output
