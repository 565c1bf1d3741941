// JSON renderers of the parser results and the verdict: one renderer per value, used by
// both JSON outputs that show it. Where the outputs differ, a view_style decides, here
// and nowhere else (field names are a contract with scripts: rename nothing, add only).
// Pure conversions; device bytes are replaced when dumped (json_dump.hpp), titles hex'd.
#pragma once

#include "parsers/http/http_response.hpp"
#include "parsers/model/verdict.hpp"
#include "parsers/upnp/ssdp_reply.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <nlohmann/json.hpp>

namespace iotprobe::output {

// The two JSON outputs that show parser results, and the one documented difference:
//   host_schema   iotprobe.host/1 (probe --json, scan --jsonl): a stable, compact record
//                 in snake_case (device_type, mac); headers as [name, value] pairs; title
//                 as its UTF-8 text; the verdict's certainty unrounded.
//   parse_detail  parse --json: the parser's whole result, UPnP device fields under their
//                 element names (deviceType, UDN, udn_mac) with services and URLs; headers
//                 as {name, value}; title with its raw bytes in hex; certainty rounded to
//                 4 decimals so that golden files are stable across compilers.
enum class view_style { host_schema, parse_detail };

// Both: status, version, status_code, reason, server, headers, charset, title,
// headers_truncated, body_truncated, body_bytes. host_schema adds realm; parse_detail adds
// detail, malformed_header_lines, auth {scheme, realm, params}, chunked,
// duplicated_status_line and body (charset and detail null when empty).
nlohmann::json http_json(const parsers::http_response& response, view_style style);

// Both: status, status_code, location, server, usn, st. parse_detail adds detail,
// version, reason, cache_control, ext and headers [{name, value}].
nlohmann::json ssdp_json(const parsers::ssdp_reply& reply, view_style style);

// One device; the field table in response_json.cpp names each field in both styles.
nlohmann::json upnp_device_json(const parsers::upnp_device& device, view_style style);

// host_schema: {status, detail, url_base, devices}. parse_detail: exactly {ok, error,
// devices} (the contract of `parse upnp --json`; error is the detail or the status name).
nlohmann::json upnp_description_json(const parsers::upnp_description& description,
                                     view_style style);

// {family, vendor, product, version (null when unknown), certainty, evidence
// (db::evidence_json, the stored encoding), conflicts, devices [{family, vendor, product,
// version, certainty, ports, conflicts}] (every identified device, the primary first: the
// top-level fields repeat it), below_threshold, honeypot_like}.
nlohmann::json verdict_json(const parsers::verdict& verdict, view_style style);

}  // namespace iotprobe::output
