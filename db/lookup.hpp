// Read-only queries for researchers: one IP's history, one device's timeline, devices
// whose model matches a regular expression, the export of sightings and verdicts, and one
// run's per-family counts. Results are typed rows (prober/output renders them as text,
// JSON or CSV). Never writes; works while a batch holds the writer (WAL readers do not wait).
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::db {

// Opens an existing store for reading (REGEXP registered, schema checked). Throws
// db_error when the file is missing or not an iotprobe store.
database open_reader(const std::string& path);

// One stored answer of a host, in probe order (responses.seq).
struct probe_row {
  std::int64_t port = 0;
  std::string probe, path, status;
  std::optional<std::int64_t> http_status;
  std::optional<std::string> server, title;
};

// The device a host was keyed by (its chosen key: a root UDN, a certificate, a USN).
struct device_ref {
  std::string udn;
  bool shared = false;
  std::optional<std::string> shared_reason;
  std::string identity_kind = "udn";  // udn, tls_cert, ssdp_usn
};

// The leaf certificate of one HTTPS answer (schema v5), as stored.
struct certificate_row {
  std::int64_t port = 0;
  std::string status;  // ok, or parse_error when no PEM decoded
  std::optional<std::string> subject, issuer, not_before, not_after, sha256;
};

// One stored host: a run's answer from the address, with its verdict (absent values
// from a missing verdict are null; certainty 0), key device, every UDN seen, and probes.
struct ip_record {
  std::int64_t run = 0;
  std::string input, day;
  std::optional<std::string> country, family, vendor, product, version;
  double certainty = 0;
  std::optional<std::string> started_at, finished_at;
  std::optional<std::string> first_seen;  // issue 13: the darknet's first sighting (ISO UTC)
  std::optional<double> lag_s;            // from first_seen to started_at
  bool open = false;
  std::optional<device_ref> device;
  std::vector<std::string> udns;  // distinct, sorted
  std::vector<probe_row> probes;
  std::vector<certificate_row> certificates;  // in probe order
};

struct ip_lookup {
  std::string ip;
  std::vector<ip_record> hosts;  // by day, then run
};

ip_lookup lookup_ip(database& db, const std::string& ip);

// One sighting of a device: the address it held on a day, in one run.
struct sighting_row {
  std::string day, ip, first_seen, last_seen;
  std::int64_t run = 0;
};

// A device's addresses on one day (in timeline order), first and last time over them.
struct address_day {
  std::string day;
  std::vector<std::string> ips;
  std::string first_seen, last_seen;
};

// `udn` is the normalised key asked for; the rest is set only when `found`.
struct uuid_lookup {
  std::string udn;
  bool found = false;
  std::optional<std::string> udn_raw;
  bool shared = false;
  std::optional<std::string> shared_reason, family, vendor, manufacturer, model_name,
      model_number, serial_number, mac;
  std::string first_day, last_day;
  std::vector<sighting_row> timeline;  // by day, first_seen, ip
  std::vector<address_day> days;       // by day
};

// Accepts any UDN spelling (normalised first).
uuid_lookup lookup_uuid(database& db, const std::string& udn);

struct model_match {
  std::string udn;
  bool shared = false;
  std::optional<std::string> family, manufacturer, model_name, model_number, mac;
  std::string first_day, last_day;
  std::int64_t ips = 0, days = 0;  // distinct addresses and days it was sighted on
};

enum class lookup_status { ok, bad_pattern, query_failed };

struct model_lookup {
  std::string pattern;
  lookup_status status = lookup_status::ok;
  std::string detail;  // PCRE2's message for bad_pattern
  std::vector<model_match> devices;
  int limit = 0;
  bool truncated = false;  // `limit` devices were listed; more may match
};

// Devices whose model name or model number matches `regex` (PCRE2, unanchored): first
// those matched by name, then by number, at most `limit` in all.
model_lookup lookup_model(database& db, const std::string& regex, int limit = 100);

// One stored host (a sighting with its verdict), as `export` writes it.
struct export_row {
  std::string day, ip;
  std::optional<std::string> country;
  std::int64_t run = 0;
  std::optional<std::string> family, vendor, product, version;
  double certainty = 0;  // 0 without a verdict row
  std::optional<std::string> udn;
  bool shared = false;
  std::optional<std::string> mac;
  bool open = false;
  std::optional<std::string> seen_at;  // the host's finished time
  std::optional<std::string> identity_kind;  // of `udn`'s device
  std::vector<certificate_row> certificates;  // the host's HTTPS leaf certificates
  std::optional<std::string> first_seen;  // issue 13: the darknet's first sighting (ISO UTC)
  std::optional<double> lag_s;            // from first_seen to the probe's start
};

// Calls `row` once per stored host in (day, ip, run) order, optionally of one day only.
// Returns false (with `error`) when the query fails.
bool export_hosts(database& db, const std::optional<std::string>& day,
                  const std::function<void(const export_row&)>& row, std::string& error);

// One line of a run's summary: open hosts of one family ("(unidentified)" without one).
struct run_family_row {
  std::string family;          // each device of a host counts in its own family
  std::int64_t ips = 0;        // open hosts (honeypot-like ones left out)
  std::int64_t devices = 0;    // distinct per-device (not shared) root UDNs
  std::int64_t shared = 0;     // hosts keyed by a shared UDN
  std::int64_t no_udn = 0;     // hosts without a UDN
};

// By open hosts, most first, then family.
std::vector<run_family_row> run_families(database& db, std::int64_t run_id);

}  // namespace iotprobe::db
