// The leaf certificate read from curl's certificate-info lines: fields, dates, the DER hash
// (fixture: a self-signed certificate made by `openssl req -x509`, whose
// `openssl x509 -fingerprint -sha256` is the expected hash), and hostile input.
#include "parsers/http/tls_certificate.hpp"

#include "http_fixture.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::parsers;

namespace {

const std::string vigor_sha256 = "2369610540" "7e216d01f2f7eb0d8184f405c3cdc161ab8dbe6464d6ca22c387fb";

std::vector<std::string> vigor_lines() {
  return {"Subject:C = TW, O = DrayTek Corp., CN = Vigor Router",
          "Issuer:C = TW, O = DrayTek Corp., CN = Vigor Router",
          "Version:2",
          "Start date:Dec  4 17:36:57 2026 GMT",
          "Expire date:Dec  5 17:36:57 2026 GMT",
          "Cert:" + iotprobe::testing::read_http_fixture("tls/vigor_selfsigned.pem")};
}

}  // namespace

TEST_CASE("certificate info: subject, issuer, validity and the DER's SHA-256", "[tls]") {
  const auto c = parse_certificate_info(vigor_lines());
  CHECK(c.status == probe_status::ok);
  CHECK(c.subject == "C = TW, O = DrayTek Corp., CN = Vigor Router");
  CHECK(c.issuer == c.subject);
  CHECK(c.self_signed());
  CHECK(c.not_before == "2026-12-04T17:36:57Z");
  CHECK(c.not_after == "2026-12-05T17:36:57Z");
  CHECK(c.sha256 == vigor_sha256);
}

TEST_CASE("certificate info without a decodable PEM is a parse_error, never a throw", "[tls]") {
  CHECK(parse_certificate_info({}).status == probe_status::parse_error);
  const auto no_pem = parse_certificate_info({"Subject:CN = x", "Issuer:CN = ca"});
  CHECK(no_pem.status == probe_status::parse_error);
  CHECK(no_pem.subject == "CN = x");
  CHECK_FALSE(no_pem.self_signed());
  CHECK(no_pem.sha256.empty());
  const auto bad = parse_certificate_info(
      {"Cert:-----BEGIN CERTIFICATE-----\nMII*@@\n-----END CERTIFICATE-----"});
  CHECK(bad.status == probe_status::parse_error);
  CHECK(parse_certificate_info({"Cert:-----BEGIN CERTIFICATE-----\nMIID"}).sha256.empty());
  CHECK(parse_certificate_info({":", "Subject", "\xff\xfe:\x01"}).status == probe_status::parse_error);
}

TEST_CASE("base64: RFC 4648 vectors, whitespace, padding and junk", "[tls]") {
  CHECK(base64_decode("") == std::string{});
  CHECK(base64_decode("Zg==") == "f");
  CHECK(base64_decode("Zm8=") == "fo");
  CHECK(base64_decode("Zm9v") == "foo");
  CHECK(base64_decode("Zm9vYg==") == "foob");
  CHECK(base64_decode("Zm9vYmE=") == "fooba");
  CHECK(base64_decode("Zm9v\r\nYmFy") == "foobar");
  CHECK(base64_decode("Zm9vYg") == "foob");  // padding is optional
  CHECK_FALSE(base64_decode("Zm9v!"));
  CHECK_FALSE(base64_decode("Z"));          // one symbol carries no byte
  CHECK_FALSE(base64_decode("Zg==Zg=="));   // data after padding
  CHECK_FALSE(base64_decode("Zg==="));
}

TEST_CASE("certificate times become ISO 8601 UTC; anything else is refused", "[tls]") {
  CHECK(certificate_time_iso("Dec  4 17:36:57 2026 GMT") == "2026-12-04T17:36:57Z");
  CHECK(certificate_time_iso(" Jan 31 00:00:00 2038 GMT ") == "2038-01-31T00:00:00Z");
  CHECK_FALSE(certificate_time_iso("Foo  4 17:36:57 2026 GMT"));
  CHECK_FALSE(certificate_time_iso("Dec  4 17:36:57 2026"));
  CHECK_FALSE(certificate_time_iso("Dec 32 17:36:57 2026 GMT"));
  CHECK_FALSE(certificate_time_iso("Dec  4 17:36:57 2026 GMT trailing"));
  CHECK_FALSE(certificate_time_iso(""));
}

TEST_CASE("a certificate whose date does not read keeps the text", "[tls]") {
  auto lines = vigor_lines();
  lines[3] = "Start date:sometime";
  CHECK(parse_certificate_info(lines).not_before == "sometime");
}
