// HTTPS certificates in the store (schema v5, issue 11): stored per answer and shown by
// lookup ip and export; a self-signed certificate keys a tls_cert device that churn counts
// as a weaker kind and follows across addresses; a certificate answering at two addresses
// at once (a vendor certificate in every unit's firmware) is settled shared by the ledger's
// clone check, as a UDN is.
#include "db/churn.hpp"
#include "db/lookup.hpp"
#include "db/store.hpp"
#include "hosts.hpp"
#include "scalar.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;
namespace parsers = iotprobe::parsers;

namespace {

const std::string hash_g(64, 'b');
const std::string hash_v(64, 'c');

// A GPON answering GET / over TLS on 443 with a self-signed certificate of hash `hash`.
parsers::host_result tls_host(const std::string& ip, const std::string& hash) {
  auto h = make_host(ip, {}, "gpon", "JP");
  h.probes[0].status = parsers::probe_status::refused;
  parsers::probe_result p;
  p.port = 443;
  p.probe = parsers::probe_kind::https_get_root;
  p.path = "/";
  p.status = parsers::probe_status::ok;
  p.certificate = parsers::tls_certificate{};
  p.certificate->status = parsers::probe_status::ok;
  p.certificate->subject = p.certificate->issuer = "O = DZS, CN = GPON ONT";
  p.certificate->not_before = "2026-12-04T17:00:00Z";
  p.certificate->not_after = "2026-12-05T17:00:00Z";
  p.certificate->sha256 = hash;
  h.probes.push_back(p);
  h.verdict.devices.at(0).ports = {443};
  return h;
}

const churn_row& gpon_row(const std::vector<churn_row>& rows, const std::string& day) {
  for (const auto& r : rows)
    if (r.day == day && r.family == "gpon") return r;
  FAIL("no gpon row on " << day);
  return rows.front();
}

}  // namespace

TEST_CASE("store: an HTTPS answer's certificate is stored and shown by lookup and export",
          "[db][tls][issue11]") {
  store s{":memory:"};
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  REQUIRE(s.add_host(r1, tls_host("127.8.0.1", hash_g)).ok());
  REQUIRE(s.flush().ok());
  CHECK(scalar(s.db(), "SELECT count(*) FROM certificates WHERE port = 443 AND status = 'ok'") == 1);
  const ip_lookup found = lookup_ip(s.db(), "127.8.0.1");
  REQUIRE(found.hosts.size() == 1);
  const auto& h = found.hosts[0];
  REQUIRE(h.certificates.size() == 1);
  CHECK(h.certificates[0].sha256 == hash_g);
  CHECK(h.certificates[0].subject == "O = DZS, CN = GPON ONT");
  CHECK(h.certificates[0].issuer == "O = DZS, CN = GPON ONT");
  CHECK(h.certificates[0].not_before == "2026-12-04T17:00:00Z");
  CHECK(h.certificates[0].not_after == "2026-12-05T17:00:00Z");
  REQUIRE(h.device);
  CHECK(h.device->udn == "sha256:" + hash_g);
  CHECK(h.device->identity_kind == "tls_cert");
  std::vector<export_row> rows;
  std::string error;
  REQUIRE(export_hosts(s.db(), std::nullopt, [&](const export_row& r) { rows.push_back(r); }, error));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].identity_kind == "tls_cert");
  REQUIRE(rows[0].certificates.size() == 1);
  CHECK(rows[0].certificates[0].sha256 == hash_g);
  const uuid_lookup by_key = lookup_uuid(s.db(), "SHA256:" + std::string(64, 'B'));
  CHECK(by_key.found);
  CHECK(by_key.udn_raw == "O = DZS, CN = GPON ONT");
}

TEST_CASE("churn: a certificate-keyed device is one device across addresses and days, of a "
          "weaker kind", "[db][tls][churn][issue11]") {
  store s{":memory:"};
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  REQUIRE(s.add_host(r1, tls_host("127.8.1.1", hash_g)).ok());
  const auto r2 = s.open_run("d2", "2021-05-28", "h", false).run.id;
  REQUIRE(s.add_host(r2, tls_host("127.8.1.2", hash_g)).ok());
  REQUIRE(s.flush().ok());
  CHECK(scalar(s.db(), "SELECT count(*) FROM devices WHERE identity_kind = 'tls_cert'") == 1);
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-28", std::nullopt, std::nullopt});
  const auto& day1 = gpon_row(rows, "2021-05-27");
  const auto& day2 = gpon_row(rows, "2021-05-28");
  CHECK(day1.devices == 1);
  CHECK(day1.new_devices == 1);
  CHECK(day1.weak_identity_devices == 1);
  CHECK(day2.devices == 1);
  CHECK(day2.new_devices == 0);
  CHECK(day2.vanished_devices == 0);
  CHECK(day2.hosts_without_udn == 0);
}

TEST_CASE("ledger: one certificate answering at two addresses at once is shared, like a UDN",
          "[db][tls][ledger][issue11]") {
  store s{":memory:"};
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  REQUIRE(s.add_host(r1, tls_host("127.8.2.1", hash_v)).ok());
  REQUIRE(s.add_host(r1, tls_host("127.8.2.2", hash_v)).ok());
  REQUIRE(s.flush().ok());
  const auto checks = s.pending_clone_checks(r1);
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].udn == "sha256:" + hash_v);
  CHECK(checks[0].port == 443);  // the re-probe asks GET / over TLS again
  REQUIRE(s.resolve_clone_check(checks[0], clone_outcome::clone, "both answered").ok());
  CHECK(scalar(s.db(), "SELECT shared FROM devices WHERE udn = 'sha256:" + hash_v + "'") == 1);
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  const auto& day = gpon_row(rows, "2021-05-27");
  CHECK(day.devices == 0);
  CHECK(day.unattributed_hosts == 2);
}
