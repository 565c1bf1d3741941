// The views of `lookup ip|uuid|model` on db/lookup's typed rows: JSON (--json; field
// names are a contract with scripts) and readable text, in which every stored string
// passes through terminal_safe (the store holds device text). Pure.
#pragma once

#include "db/lookup.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace iotprobe::output {

// {"ip", "hosts": [{run, input, day, country, family, vendor, product, version, certainty,
//   started_at, finished_at, open, device: {udn, shared, shared_reason, identity_kind}|null,
//   udns: [...], probes: [{port, probe, path, status, http_status, server, title}],
//   certificates: [{port, status, subject, issuer, not_before, not_after, sha256}]}]}
nlohmann::json lookup_json(const db::ip_lookup& result);
// {"udn", "found": false} or {"udn", "found": true, udn_raw, shared, shared_reason, family,
//  vendor, manufacturer, model_name, model_number, serial_number, mac, first_day, last_day,
//  "timeline": [{day, ip, first_seen, last_seen, run}], "days": [{day, ips: [...],
//  first_seen, last_seen}]}
nlohmann::json lookup_json(const db::uuid_lookup& result);
// {"pattern", "devices": [{udn, shared, family, manufacturer, model_name, model_number, mac,
//  first_day, last_day, ips, days}], "limit", "truncated"} (a failed lookup has no JSON:
//  the command reports its detail).
nlohmann::json lookup_json(const db::model_lookup& result);
// The stored certificates of one host (the `certificates` array of lookup ip and export).
nlohmann::json certificates_json(const std::vector<db::certificate_row>& certificates);

// "IP: N record(s)", then per stored host its verdict line, key device, UDNs, probes and
// HTTPS certificates.
std::string lookup_text(const db::ip_lookup& result);
// The device's attributes, first and last day, then one line per day with its addresses.
std::string lookup_text(const db::uuid_lookup& result);
// "N device(s) match /RE/ …", then one line per device.
std::string lookup_text(const db::model_lookup& result);

}  // namespace iotprobe::output
