// JSON of the lookups (see lookup_views.hpp). Optional values are null, never absent.
#include "prober/output/json_dump.hpp"
#include "prober/output/lookup_views.hpp"

namespace iotprobe::output {
namespace {

using nlohmann::json;

json probe_json(const db::probe_row& p) {
  return {{"port", p.port}, {"probe", p.probe}, {"path", p.path}, {"status", p.status},
          {"http_status", json_or_null(p.http_status)}, {"server", json_or_null(p.server)},
          {"title", json_or_null(p.title)}};
}

json device_json(const std::optional<db::device_ref>& device) {
  if (!device) return nullptr;
  return {{"udn", device->udn}, {"shared", device->shared},
          {"shared_reason", json_or_null(device->shared_reason)},
          {"identity_kind", device->identity_kind}};
}

}  // namespace

json certificates_json(const std::vector<db::certificate_row>& certificates) {
  json out = json::array();
  for (const auto& c : certificates)
    out.push_back({{"port", c.port}, {"status", c.status}, {"subject", json_or_null(c.subject)},
                   {"issuer", json_or_null(c.issuer)}, {"not_before", json_or_null(c.not_before)},
                   {"not_after", json_or_null(c.not_after)}, {"sha256", json_or_null(c.sha256)}});
  return out;
}

namespace {

json ip_record_json(const db::ip_record& h) {
  json probes = json::array();
  for (const auto& p : h.probes) probes.push_back(probe_json(p));
  return {{"run", h.run},
          {"input", h.input},
          {"day", h.day},
          {"country", json_or_null(h.country)},
          {"family", json_or_null(h.family)},
          {"vendor", json_or_null(h.vendor)},
          {"product", json_or_null(h.product)},
          {"version", json_or_null(h.version)},
          {"certainty", h.certainty},
          {"started_at", json_or_null(h.started_at)},
          {"finished_at", json_or_null(h.finished_at)},
          {"first_seen", json_or_null(h.first_seen)},
          {"lag_s", h.lag_s ? json(*h.lag_s) : json()},
          {"open", h.open},
          {"device", device_json(h.device)},
          {"udns", h.udns},
          {"probes", std::move(probes)},
          {"certificates", certificates_json(h.certificates)}};
}

json timeline_json(const std::vector<db::sighting_row>& timeline) {
  json out = json::array();
  for (const auto& s : timeline) {
    out.push_back({{"day", s.day}, {"ip", s.ip}, {"first_seen", s.first_seen},
                   {"last_seen", s.last_seen}, {"run", s.run}});
  }
  return out;
}

json days_json(const std::vector<db::address_day>& days) {
  json out = json::array();
  for (const auto& d : days) {
    out.push_back({{"day", d.day}, {"ips", d.ips}, {"first_seen", d.first_seen},
                   {"last_seen", d.last_seen}});
  }
  return out;
}

json model_match_json(const db::model_match& d) {
  return {{"udn", d.udn},
          {"shared", d.shared},
          {"family", json_or_null(d.family)},
          {"manufacturer", json_or_null(d.manufacturer)},
          {"model_name", json_or_null(d.model_name)},
          {"model_number", json_or_null(d.model_number)},
          {"mac", json_or_null(d.mac)},
          {"first_day", d.first_day},
          {"last_day", d.last_day},
          {"ips", d.ips},
          {"days", d.days}};
}

}  // namespace

json lookup_json(const db::ip_lookup& result) {
  json hosts = json::array();
  for (const auto& h : result.hosts) hosts.push_back(ip_record_json(h));
  return {{"ip", result.ip}, {"hosts", std::move(hosts)}};
}

json lookup_json(const db::uuid_lookup& r) {
  if (!r.found) return {{"udn", r.udn}, {"found", false}};
  return {{"udn", r.udn},
          {"found", true},
          {"udn_raw", json_or_null(r.udn_raw)},
          {"shared", r.shared},
          {"shared_reason", json_or_null(r.shared_reason)},
          {"family", json_or_null(r.family)},
          {"vendor", json_or_null(r.vendor)},
          {"manufacturer", json_or_null(r.manufacturer)},
          {"model_name", json_or_null(r.model_name)},
          {"model_number", json_or_null(r.model_number)},
          {"serial_number", json_or_null(r.serial_number)},
          {"mac", json_or_null(r.mac)},
          {"first_day", r.first_day},
          {"last_day", r.last_day},
          {"timeline", timeline_json(r.timeline)},
          {"days", days_json(r.days)}};
}

json lookup_json(const db::model_lookup& result) {
  json devices = json::array();
  for (const auto& d : result.devices) devices.push_back(model_match_json(d));
  return {{"pattern", result.pattern}, {"devices", std::move(devices)}, {"limit", result.limit},
          {"truncated", result.truncated}};
}

}  // namespace iotprobe::output
