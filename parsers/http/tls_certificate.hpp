// A TLS server's leaf certificate as iotprobe keeps it: subject, issuer, validity and the
// SHA-256 of its DER, read from the "Name:value" lines libcurl's certificate info gives
// (the "Cert" line holds the PEM). Pure and total: hostile or truncated text yields a
// certificate with status parse_error, never a throw. Never a trust decision.
#pragma once

#include "parsers/core/probe_status.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

struct tls_certificate {
  probe_status status = probe_status::parse_error;  // ok: the PEM decoded and was hashed
  std::string detail;
  std::string subject, issuer;  // as OpenSSL prints them ("C = TW, O = DrayTek, CN = …")
  // ISO 8601 UTC ("2026-12-04T17:36:57Z") when the date reads, else the text as given.
  std::string not_before, not_after;
  std::string sha256;  // lower-case hex of the DER; "" when no certificate decoded

  // Subject and issuer are the same name: the device signed its own certificate.
  bool self_signed() const { return !subject.empty() && subject == issuer; }
};

// The leaf certificate from its certificate-info lines ("Subject:…", "Issuer:…",
// "Start date:…", "Expire date:…", "Cert:-----BEGIN CERTIFICATE-----…").
tls_certificate parse_certificate_info(const std::vector<std::string>& lines);

// The DER bytes of the first PEM CERTIFICATE block; nullopt when there is none or its
// base64 is malformed.
std::optional<std::string> pem_certificate_der(std::string_view pem);

// Standard base64 (RFC 4648 §4), whitespace ignored, padding optional; nullopt on any other
// character or an impossible length.
std::optional<std::string> base64_decode(std::string_view text);

// "Dec  4 17:36:57 2026 GMT" (OpenSSL's ASN1_TIME_print) → "2026-12-04T17:36:57Z".
std::optional<std::string> certificate_time_iso(std::string_view text);

}  // namespace iotprobe::parsers
