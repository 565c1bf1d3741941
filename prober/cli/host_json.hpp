// The stable JSON form of one host_result (schema "iotprobe.host/1"), used by
// `scan --jsonl` (one object per line) and `probe --json`. Fields are only ever added,
// never renamed or removed, within one schema version. Raw bytes are included on request.
#pragma once

#include "parsers/model/host_result.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace iotprobe::cli {

// Schema iotprobe.host/1, one object per host (optional values are null, never absent):
//   schema "iotprobe.host/1"; ip; day, country, tag (from the input row);
//   started, finished (ISO-8601 UTC, ms); elapsed_ms; open_ports (ports whose GET / got an
//   answer); root_udn (the normalised root UDN the store keys the host by: see
//   parsers/model/host_identity.hpp; a per-device UDN beats a compiled-in default);
//   verdict {family, vendor, product, version, certainty 0-1,
//            evidence [{port, probe, field, value, database, fingerprint, params{}}], conflicts[]};
//   probes [{port (logical), probe (get_root|redirect|description|ssdp|location|banner),
//            path, status (parsers::probe_status name), detail, elapsed_ms, raw_bytes,
//            raw (only with --raw), http {status, version, status_code, reason,
//            headers [[name, value]...], server, title, realm, charset, body_bytes,
//            headers_truncated, body_truncated} | null,
//            description {status, detail, url_base, devices [{path, device_type,
//            friendly_name, manufacturer, model_name, model_number, model_description,
//            serial_number, udn, udn_normalized, mac}]} | null,
//            ssdp {status, status_code, location, server, usn, st} | null}].
inline constexpr const char* host_schema = "iotprobe.host/1";

// The root UDN the store keys the host by (parsers/model/host_identity.hpp), or none.
std::optional<std::string> root_udn(const parsers::host_result& host);

nlohmann::json host_to_json(const parsers::host_result& host, bool include_raw);
// One line (no trailing newline); invalid UTF-8 from devices is replaced, never thrown.
std::string host_to_json_line(const parsers::host_result& host, bool include_raw);

}  // namespace iotprobe::cli
