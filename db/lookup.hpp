// Read-only queries for researchers: one IP's history, one device's timeline, devices
// whose model matches a regular expression, and the export of sightings and verdicts.
// Results are JSON values (the CLI prints them as text or --json). Never writes; works
// while a batch holds the writer (WAL readers do not wait for it).
#pragma once

#include "db/sqlite.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace iotprobe::db {

// Opens an existing store for reading (REGEXP registered, schema checked). Throws
// db_error when the file is missing or not an iotprobe store.
database open_reader(const std::string& path);

// {"ip", "hosts": [{run, input, day, country, family, vendor, product, version, certainty,
//   started_at, finished_at, open, device: {udn, shared, shared_reason}|null, udns: [...],
//   probes: [{port, probe, path, status, http_status, server, title}]}]}
nlohmann::json lookup_ip(database& db, const std::string& ip);

// {"udn", "found", attributes…, "timeline": [{day, ip, first_seen, last_seen, run}],
//  "days": [{day, ips: [...], first_seen, last_seen}]}. Accepts any UDN spelling.
nlohmann::json lookup_uuid(database& db, const std::string& udn);

// Devices whose model name or model number matches `regex` (PCRE2, unanchored):
// {"pattern", "devices": [{udn, shared, family, manufacturer, model_name, model_number,
// mac, first_day, last_day, ips, days}], "limit", "truncated"}. A bad pattern → {"error"}.
nlohmann::json lookup_model(database& db, const std::string& regex, int limit = 100);

// One JSON object per stored host (a sighting with its verdict), in (day, ip) order:
// {day, ip, country, run, family, vendor, product, version, certainty, udn, shared, mac,
//  open}. Returns false (with `error`) when the query fails.
bool export_hosts(database& db, const std::optional<std::string>& day,
                  const std::function<void(const nlohmann::json&)>& row, std::string& error);

}  // namespace iotprobe::db
