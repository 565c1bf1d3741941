// The views of one probed host (parsers::host_result): its stable JSON record (schema
// iotprobe.host/1, for `scan --jsonl` and `probe --json`) and probe's readable report
// (verdict, evidence, root UDN, a per-port table). Pure; device text in the report is
// terminal_safe'd, in the JSON replaced when not UTF-8 (json_dump.hpp).
#pragma once

#include "parsers/model/host_result.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace iotprobe::output {

// Schema iotprobe.host/1, one object per host (optional values are null, never absent).
// Fields are only ever added, never renamed or removed, within one schema version:
//   schema "iotprobe.host/1"; ip; day, country, tag (from the input row);
//   started, finished (ISO-8601 UTC, ms); elapsed_ms; open_ports (ports whose GET / got an
//   answer); root_udn (the normalised root UDN the store keys the host by: see
//   parsers/model/host_identity.hpp; a per-device UDN beats a compiled-in default);
//   verdict {family, vendor, product, version, certainty 0-1,
//            evidence [{port, probe, field, value, database, fingerprint, params{},
//            responses[]}], conflicts[], devices [{family, vendor, product, version,
//            certainty, ports[], conflicts[], udn, identity_kind}] (every identified device,
//            the primary first; the top-level fields repeat it), below_threshold[],
//            honeypot_like};
//   probes [{port (logical), probe (get_root|redirect|description|ssdp|location|banner|
//            https_get_root),
//            path, status (parsers::probe_status name), detail, elapsed_ms, raw_bytes,
//            raw (only with --raw), http {status, version, status_code, reason,
//            headers [[name, value]...], server, title, realm, charset, body_bytes,
//            headers_truncated, body_truncated} | null,
//            description {status, detail, url_base, devices [{path, device_type,
//            friendly_name, manufacturer, model_name, model_number, model_description,
//            serial_number, udn, udn_normalized, mac}]} | null,
//            ssdp {status, status_code, location, server, usn, st} | null,
//            certificate {status, detail, subject, issuer, not_before, not_after, sha256,
//            self_signed} | null (an HTTPS answer's leaf certificate)}].
// The nested renderers are response_json.hpp's, in view_style::host_schema.
inline constexpr const char* host_schema = "iotprobe.host/1";

// The root UDN the store keys the host by (parsers/model/host_identity.hpp), or none.
std::optional<std::string> root_udn(const parsers::host_result& host);

nlohmann::json host_json(const parsers::host_result& host, bool include_raw);
// One line (no trailing newline); invalid UTF-8 from devices is replaced, never thrown.
std::string host_json_line(const parsers::host_result& host, bool include_raw);

// probe's report: the address, "  verdict: …", "  evidence: …" and "  conflict: …" lines,
// "  root UDN: …", then PORT PROBE STATUS CODE PATH / DETAIL rows sorted by port.
std::string host_text(const parsers::host_result& host);

}  // namespace iotprobe::output
