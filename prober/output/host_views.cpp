// The iotprobe.host/1 record and probe's per-host report (see host_views.hpp).
#include "prober/output/host_views.hpp"

#include "db/day.hpp"
#include "parsers/model/host_identity.hpp"
#include "prober/output/json_dump.hpp"
#include "prober/output/response_json.hpp"
#include "prober/output/terminal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace iotprobe::output {
namespace {

using nlohmann::json;
constexpr view_style style = view_style::host_schema;

json certificate_json(const parsers::tls_certificate& c) {
  return {{"status", std::string(parsers::to_string(c.status))}, {"detail", c.detail},
          {"subject", c.subject}, {"issuer", c.issuer}, {"not_before", c.not_before},
          {"not_after", c.not_after}, {"sha256", c.sha256}, {"self_signed", c.self_signed()}};
}

// Field by field, not a braced list: nlohmann builds each {"key", value} pair of a list
// as a heap array with a heap key, then copies it into the object (the keys sort the same).
json probe_json(const parsers::probe_result& p, bool include_raw) {
  json j(json::value_t::object);
  j["port"] = p.port;
  j["probe"] = parsers::to_string(p.probe);
  j["path"] = p.path;
  j["status"] = parsers::to_string(p.status);
  j["detail"] = p.detail;
  j["elapsed_ms"] = std::round(p.elapsed_ms * 10) / 10;
  j["raw_bytes"] = p.raw.size();
  j["http"] = p.http ? http_json(*p.http, style) : json(nullptr);
  j["description"] = p.description ? upnp_description_json(*p.description, style) : json(nullptr);
  j["ssdp"] = p.ssdp ? ssdp_json(*p.ssdp, style) : json(nullptr);
  j["certificate"] = p.certificate ? certificate_json(*p.certificate) : json(nullptr);
  if (include_raw) j["raw"] = p.raw;
  return j;
}

// A port counts as open when its GET / reached the device at all.
bool answered_root(const parsers::probe_result& p) {
  using parsers::probe_status;
  const bool root = p.probe == parsers::probe_kind::get_root ||
                    p.probe == parsers::probe_kind::https_get_root;
  return root && p.status != probe_status::refused &&
         p.status != probe_status::timeout && p.status != probe_status::skipped &&
         p.status != probe_status::unreachable && p.status != probe_status::blocked;
}

std::string verdict_lines(const parsers::verdict& v) {
  std::string out;
  if (!v.family) {
    out += "  verdict: no family identified\n";
  } else {
    out += fmt::format("  verdict: {}  vendor={} product={} version={}  certainty {:.2f}\n",
                       terminal_safe(*v.family), terminal_safe_or(v.vendor, "-"),
                       terminal_safe_or(v.product, "-"), terminal_safe_or(v.version, "-"), v.certainty);
  }
  for (const auto& e : v.evidence)
    out += fmt::format("  evidence: {}/{} {}=\"{}\" ({}: {})\n", e.port, parsers::to_string(e.probe),
                       terminal_safe(e.field), terminal_safe(e.value), terminal_safe(e.database),
                       terminal_safe(e.fingerprint));
  for (const auto& c : v.conflicts) out += "  conflict: " + terminal_safe(c) + "\n";
  return out;
}

std::string status_cell(const parsers::probe_result& p) {
  std::string code = p.http && p.http->status_code ? std::to_string(p.http->status_code) : "";
  return fmt::format("{:<11} {:<4}", parsers::to_string(p.status), code);
}

// The PATH / DETAIL cell: the path, then what the answer showed (Server, root model,
// SSDP LOCATION) and the probe's detail.
std::string what_cell(const parsers::probe_result& p) {
  std::string what = terminal_safe(p.path);
  if (p.http && p.http->server()) what += fmt::format(" [Server: {}]", terminal_safe(*p.http->server()));
  if (p.description && p.description->root() && p.description->root()->model_name)
    what += fmt::format(" [model: {}]", terminal_safe(*p.description->root()->model_name));
  if (p.ssdp && p.ssdp->location) what += fmt::format(" [LOCATION {}]", terminal_safe(*p.ssdp->location));
  if (p.certificate && !p.certificate->sha256.empty())
    what += fmt::format(" [cert {}{} sha256 {}]", terminal_safe(p.certificate->subject),
                        p.certificate->self_signed() ? " (self-signed)" : "",
                        p.certificate->sha256.substr(0, 16));
  if (!p.detail.empty()) what += " (" + terminal_safe(p.detail) + ")";
  return what;
}

// The verdict, each device with the identity key served on its own ports (or null).
json verdict_with_identities(const parsers::host_result& host) {
  json v = verdict_json(host.verdict, style);
  const parsers::host_identity identity =
      parsers::identify_host(host, parsers::builtin_default_udns());
  const auto keys = parsers::identify_devices(identity, host.verdict);
  for (std::size_t i = 0; i < host.verdict.devices.size() && i < keys.size(); ++i) {
    v["devices"][i]["udn"] = keys[i] ? json(keys[i]->udn) : json(nullptr);
    v["devices"][i]["identity_kind"] =
        keys[i] ? json(std::string(parsers::to_string(keys[i]->kind))) : json(nullptr);
  }
  return v;
}

}  // namespace

// A per-device UDN such as Realtek's MAC-bearing WPS one beats a compiled-in default.
std::optional<std::string> root_udn(const parsers::host_result& host) {
  const parsers::host_identity identity =
      parsers::identify_host(host, parsers::builtin_default_udns());
  if (const parsers::udn_candidate* chosen = identity.chosen()) return chosen->udn;
  return std::nullopt;
}

json host_json(const parsers::host_result& host, bool include_raw) {
  json probes = json::array();
  std::size_t open = 0;
  for (const auto& p : host.probes) {
    probes.push_back(probe_json(p, include_raw));
    if (answered_root(p)) ++open;
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(host.finished - host.started).count();
  return {{"schema", host_schema},
          {"ip", host.ip},
          {"day", json_or_null(host.day)},
          {"country", json_or_null(host.country)},
          {"tag", json_or_null(host.tag)},
          {"started", db::iso_time(host.started)},
          {"finished", db::iso_time(host.finished)},
          {"elapsed_ms", std::round(elapsed)},
          {"open_ports", open},
          {"root_udn", json_or_null(root_udn(host))},
          {"verdict", verdict_with_identities(host)},
          {"probes", std::move(probes)}};  // an lvalue here would be deep-copied
}

std::string host_json_line(const parsers::host_result& host, bool include_raw) {
  return dump_json_line(host_json(host, include_raw));
}

std::string host_text(const parsers::host_result& host) {
  std::string out = terminal_safe(host.ip) + "\n";
  out += verdict_lines(host.verdict);
  if (const auto udn = root_udn(host)) out += "  root UDN: " + terminal_safe(*udn) + "\n";
  out += fmt::format("  {:<6} {:<12} {:<11} {:<4} {}\n", "PORT", "PROBE", "STATUS", "CODE",
                     "PATH / DETAIL");
  std::vector<const parsers::probe_result*> rows;
  for (const auto& p : host.probes) rows.push_back(&p);
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->port < b->port; });
  for (const auto* p : rows) {
    out += fmt::format("  {:<6} {:<12} {} {}\n", p->port, parsers::to_string(p->probe), status_cell(*p),
                       what_cell(*p));
  }
  return out;
}

}  // namespace iotprobe::output
