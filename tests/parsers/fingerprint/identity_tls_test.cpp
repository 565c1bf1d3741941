// HTTPS answers in fusion and identity (issue 11): the GPON, DrayTek and DD-WRT rules match a
// GET / over TLS as they match plain HTTP; a self-signed certificate's SHA-256 keys a host
// without a UDN (kind tls_cert), ranked UDN > tls_cert > SSDP USN; a certificate signed by
// another name, or one that did not decode, is no key.
#include "fusion_hosts.hpp"
#include "parsers/fingerprint/fusion.hpp"
#include "parsers/model/host_identity.hpp"
#include "parsers/upnp/udn.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::parsers;

namespace {

using iotprobe::testing::host_of;

const fingerprint_engine& engine() { return iotprobe::testing::shipped_engine(); }

tls_certificate self_signed(const std::string& hash, const std::string& name = "CN = unit") {
  tls_certificate c;
  c.status = probe_status::ok;
  c.subject = c.issuer = name;
  c.sha256 = hash;
  return c;
}

probe_result https_root(int port, std::vector<std::pair<std::string, std::string>> headers,
                        std::optional<std::string> title, std::optional<tls_certificate> cert) {
  auto p = iotprobe::testing::http_answer(port, probe_kind::https_get_root, 200,
                                          std::move(headers), std::move(title));
  p.certificate = std::move(cert);
  return p;
}

probe_result description_with(const std::string& udn, int port) {
  upnp_device d;
  d.path = "0";
  d.udn = udn;
  d.udn_parsed = normalize_udn(udn);
  return iotprobe::testing::description_answer(port, {d});
}

probe_result ssdp_usn(const std::string& usn) { return iotprobe::testing::ssdp_answer({}, usn); }

const std::string hash_a(64, 'a');
const std::string usn_uuid = "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0";

}  // namespace

TEST_CASE("fusion: GPON, DrayTek and DD-WRT are named from an HTTPS answer as from HTTP",
          "[fusion][tls][issue11]") {
  const verdict gpon =
      classify_host(engine(), host_of({https_root(443, {}, "GPON Home Gateway", self_signed(hash_a))}));
  CHECK(gpon.family == "gpon");
  const verdict vigor = classify_host(
      engine(), host_of({https_root(443, {{"Server", "DWS"}}, "Vigor Login Page", {})}));
  CHECK(vigor.family == "draytek-vigor");
  REQUIRE(vigor.devices.size() == 1);
  CHECK(vigor.devices[0].ports == std::vector<int>{443});
  const verdict ddwrt = classify_host(
      engine(), host_of({https_root(8443, {{"Server", "httpd"}}, "DD-WRT (build 35030M) - Info", {})}));
  CHECK(ddwrt.family == "dd-wrt");
  CHECK(gpon.evidence.at(0).probe == probe_kind::https_get_root);
}

TEST_CASE("identity: a self-signed certificate keys a host without a UDN (tls_cert)",
          "[identity][tls][issue11]") {
  const host_result host = host_of({https_root(443, {}, "GPON Home Gateway", self_signed(hash_a))});
  const host_identity id = identify_host(host, builtin_default_udns());
  REQUIRE(id.chosen());
  CHECK(id.chosen()->udn == "sha256:" + hash_a);
  CHECK(id.chosen()->kind == identity_kind::tls_cert);
  CHECK(id.chosen()->udn_raw == "CN = unit");
  CHECK(id.chosen()->port == 443);
  CHECK_FALSE(id.chosen()->shared_rule);
  CHECK(to_string(identity_kind::tls_cert) == "tls_cert");
  const verdict v = classify_host(engine(), host);
  const auto keys = identify_devices(id, v);
  REQUIRE(keys.size() == 1);
  REQUIRE(keys[0]);
  CHECK(keys[0]->kind == identity_kind::tls_cert);
}

TEST_CASE("identity: UDN before certificate before SSDP USN", "[identity][tls][issue11]") {
  const auto cert = https_root(443, {}, {}, self_signed(hash_a));
  const auto udn = description_with("uuid:63041253-1019-2006-1228-00018e1a2b3c", 52881);
  const auto usn = ssdp_usn(usn_uuid + "::upnp:rootdevice");
  const host_identity all = identify_host(host_of({usn, cert, udn}), builtin_default_udns());
  REQUIRE(all.candidates.size() == 3);
  CHECK(all.candidates[0].kind == identity_kind::udn);
  CHECK(all.candidates[1].kind == identity_kind::tls_cert);
  CHECK(all.candidates[2].kind == identity_kind::ssdp_usn);
  const host_identity no_udn = identify_host(host_of({usn, cert}), builtin_default_udns());
  CHECK(no_udn.chosen()->kind == identity_kind::tls_cert);
  // A UDN shared by construction (the miniigd default) names no device: the certificate does.
  const auto shared = description_with("uuid:12342409-1234-1234-5678-ee1234cc5678", 52869);
  const host_identity with_default = identify_host(host_of({shared, cert}), builtin_default_udns());
  CHECK(with_default.chosen()->kind == identity_kind::tls_cert);
}

TEST_CASE("identity: a CA-signed or undecoded certificate is no key", "[identity][tls][issue11]") {
  tls_certificate ca_signed = self_signed(hash_a, "CN = unit");
  ca_signed.issuer = "CN = Vendor CA";
  CHECK(identify_host(host_of({https_root(443, {}, {}, ca_signed)}), {}).candidates.empty());
  tls_certificate undecoded = self_signed("");
  undecoded.status = probe_status::parse_error;
  CHECK(identify_host(host_of({https_root(443, {}, {}, undecoded)}), {}).candidates.empty());
  CHECK(identify_host(host_of({https_root(443, {}, {}, std::nullopt)}), {}).candidates.empty());
}

TEST_CASE("identity: one certificate on two TLS ports is one key, on the lower port",
          "[identity][tls][issue11]") {
  const host_identity id = identify_host(
      host_of({https_root(8443, {}, {}, self_signed(hash_a)), https_root(443, {}, {}, self_signed(hash_a))}),
      {});
  REQUIRE(id.candidates.size() == 1);
  CHECK(id.chosen()->port == 443);
}
