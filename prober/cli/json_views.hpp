// JSON views of the parser results, shared by every command that prints them (parse,
// probe/scan through host_json). Pure conversions: no I/O; device bytes that are not UTF-8
// are either hex-encoded (title raw bytes) or replaced by U+FFFD when dumped.
#pragma once

#include "parsers/http/http_response.hpp"
#include "parsers/upnp/ssdp_reply.hpp"
#include "parsers/upnp/upnp_description.hpp"
#include "parsers/model/verdict.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace iotprobe::cli {

// A present value as its JSON, an absent one as null.
template <typename T>
nlohmann::json json_or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// family, vendor, product, version (null when unknown), certainty (unrounded), evidence
// [{port, probe, field, value, database, fingerprint, params}] and conflicts: the verdict
// of schema iotprobe.host/1 (and the shape `parse --fingerprint` prints).
nlohmann::json verdict_json(const parsers::verdict& verdict);

// status, detail, version, status_code, reason, server, headers [{name, value}],
// malformed_header_lines, charset, title {utf8, raw_hex, charset}, auth {scheme, realm,
// params}, flags, body_bytes and body. Absent values are null.
nlohmann::json http_response_json(const parsers::http_response& response);

// status, detail, version, status_code, reason, location, server, usn, st,
// cache_control, ext, headers [{name, value}].
nlohmann::json ssdp_reply_json(const parsers::ssdp_reply& reply);

// Exactly {"ok", "error", "devices": [{"path", "UDN", "deviceType", "friendlyName",
// "manufacturer", "modelName", "modelNumber", "serialNumber", "presentationURL",
// "serviceTypes", "udn_normalized", "udn_mac"}]}: the contract of `parse upnp --json`.
nlohmann::json upnp_description_json(const parsers::upnp_description& description);

// Indented text; invalid UTF-8 in strings becomes U+FFFD instead of throwing.
std::string dump_json(const nlohmann::json& value);
// The same on one line (JSONL). Device bytes reach every store and scan output, so no
// output path may use json::dump() with the throwing default.
std::string dump_json_line(const nlohmann::json& value);

}  // namespace iotprobe::cli
