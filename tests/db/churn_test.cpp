// Churn statistics from hand-made sightings over three days: devices changing address
// (also twice within one day, across two runs), a new device, a vanished device, a shared
// default UDN (unattributed), a camera without UPnP, the family/country filters, and the
// issue 11 cases: several devices per host, honeypots, reclassified days, weaker keys.
#include "db/churn.hpp"
#include "db/store.hpp"
#include "hosts.hpp"
#include "scalar.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {
const churn_row& row(const std::vector<churn_row>& rows, const std::string& day,
                     const std::string& family, const std::string& country) {
  for (const auto& r : rows) {
    if (r.day == day && r.family == family && r.country == country) return r;
  }
  FAIL("no row " << day << " " << family << " " << country);
  return rows.front();
}

void fill(store& s) {
  const auto a = wps_udn(1), b = wps_udn(2), c = wps_udn(3), d = wps_udn(4);
  const auto r1 = s.open_run("day1", "2021-05-27", "h", false).run.id;
  REQUIRE(s.add_host(r1, make_host("127.3.0.1", {{52881, a}})).ok());
  REQUIRE(s.add_host(r1, make_host("127.3.0.2", {{52881, b}})).ok());
  REQUIRE(s.add_host(r1, make_host("127.3.0.3", {{52881, c}})).ok());
  REQUIRE(s.add_host(r1, make_host("127.3.0.9", {{52869, picsdesc_default}})).ok());
  // Day 2, two runs (intraday epochs): a moves twice, b stays, c vanishes, d is new.
  const auto r2a = s.open_run("day2-epoch0", "2021-05-28", "h", false).run.id;
  const auto r2b = s.open_run("day2-epoch1", "2021-05-28", "h", false).run.id;
  REQUIRE(s.add_host(r2a, make_host("127.3.1.1", {{52881, a}})).ok());
  REQUIRE(s.add_host(r2b, make_host("127.3.1.2", {{52881, a}})).ok());
  REQUIRE(s.add_host(r2a, make_host("127.3.0.2", {{52881, b}})).ok());
  REQUIRE(s.add_host(r2b, make_host("127.3.0.2", {{52881, b}})).ok());
  REQUIRE(s.add_host(r2a, make_host("127.3.1.4", {{52869, picsdesc_default}, {52881, d}})).ok());
  REQUIRE(s.add_host(r2a, make_host("127.3.1.9", {{52869, picsdesc_default}})).ok());
  REQUIRE(s.add_host(r2a, make_host("127.3.1.10", {{52869, picsdesc_default}})).ok());
  REQUIRE(s.add_host(r2a, make_host("127.3.1.20", {}, "wificam", "TW")).ok());
  REQUIRE(s.add_host(r2a, make_host("127.3.1.30", {}, std::nullopt)).ok());  // closed
  REQUIRE(s.flush().ok());
}
}  // namespace

TEST_CASE("churn: IPs versus devices per day and family", "[db][churn]") {
  store s{":memory:"};
  fill(s);
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-28", std::nullopt, std::nullopt});
  const auto& d1 = row(rows, "2021-05-27", "logitec-router", "JP");
  CHECK(d1.ips == 4);
  CHECK(d1.devices == 3);
  CHECK(d1.new_devices == 3);
  CHECK(d1.vanished_devices == 0);
  CHECK(d1.unattributed_hosts == 1);
  CHECK(d1.ips_per_device_max == 1);

  const auto& d2 = row(rows, "2021-05-28", "logitec-router", "JP");
  CHECK(d2.ips == 6);          // .1.1 .1.2 .0.2 .1.4 .1.9 .1.10
  CHECK(d2.devices == 3);      // a, b, d
  CHECK(d2.ips_per_device_max == 2);
  CHECK(d2.ips_per_device_mean == Approx(4.0 / 3.0));
  CHECK(d2.multi_ip_devices == 1);
  CHECK(d2.new_devices == 1);       // d
  CHECK(d2.vanished_devices == 1);  // c
  CHECK(d2.unattributed_hosts == 2);
  CHECK(d2.hosts_without_udn == 0);

  const auto& cam = row(rows, "2021-05-28", "wificam", "TW");
  CHECK(cam.ips == 1);
  CHECK(cam.devices == 0);
  CHECK(cam.hosts_without_udn == 1);

  const auto& total = row(rows, "2021-05-28", "*", "*");
  CHECK(total.ips == 7);  // the closed host does not count
  CHECK(total.devices == 3);
}

TEST_CASE("churn: filters and a group that vanished entirely", "[db][churn]") {
  store s{":memory:"};
  fill(s);
  const auto jp = churn_table(s.db(), {"2021-05-28", "2021-05-29", std::nullopt, "JP"});
  for (const auto& r : jp) CHECK((r.country == "JP" || r.country == "*"));
  const auto& d3 = row(jp, "2021-05-29", "logitec-router", "JP");
  CHECK(d3.ips == 0);
  CHECK(d3.vanished_devices == 3);
  const auto cams = churn_table(s.db(), {"2021-05-27", "2021-05-28", "wificam", std::nullopt});
  REQUIRE(cams.size() == 1);
  CHECK(cams[0].family == "wificam");
  CHECK(churn_table(s.db(), {"bad", "2021-05-28", std::nullopt, std::nullopt}).empty());
}

TEST_CASE("churn: a UDN found shared later stops counting as a device, and the days it "
          "touched say so (issue 11 case 4)", "[db][churn][issue11]") {
  store s{":memory:"};
  const auto udn = "uuid:99999999-0000-1111-2222-333344445555";
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  REQUIRE(s.add_host(r1, make_host("127.4.0.1", {{80, udn}})).ok());
  REQUIRE(s.flush().ok());
  const auto before = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  CHECK(row(before, "2021-05-27", "logitec-router", "JP").devices == 1);
  CHECK(row(before, "2021-05-27", "logitec-router", "JP").reclassified_devices == 0);
  const auto r2 = s.open_run("d2", "2021-05-28", "h", false).run.id;
  REQUIRE(s.add_host(r2, make_host("127.4.0.2", {{80, udn}})).ok());
  REQUIRE(s.add_host(r2, make_host("127.4.0.3", {{80, udn}})).ok());
  const auto checks = s.pending_clone_checks(r2);
  REQUIRE(checks.size() == 1);
  REQUIRE(s.resolve_clone_check(checks[0], clone_outcome::clone, "both answered").ok());
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-28", std::nullopt, std::nullopt});
  CHECK(row(rows, "2021-05-27", "logitec-router", "JP").devices == 0);
  CHECK(row(rows, "2021-05-27", "logitec-router", "JP").unattributed_hosts == 1);
  CHECK(row(rows, "2021-05-27", "logitec-router", "JP").reclassified_devices == 1);
  CHECK(row(rows, "2021-05-28", "logitec-router", "JP").unattributed_hosts == 2);
  const auto changed = s.reclassified_by(r2);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].days == std::vector<std::string>{"2021-05-27", "2021-05-28"});
}

TEST_CASE("churn: a router and the camera behind it count in each family (issue 11 case 1)",
          "[db][churn][issue11]") {
  store s{":memory:"};
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  auto host = make_host("127.5.0.1", {{52881, wps_udn(50)}});  // the router: 80, 52881
  add_device(host, "wificam", 81);                              // the camera on 81
  REQUIRE(s.add_host(r1, host).ok());
  REQUIRE(s.add_host(r1, make_host("127.5.0.2", {{52881, wps_udn(51)}})).ok());
  REQUIRE(s.flush().ok());
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  const auto& router = row(rows, "2021-05-27", "logitec-router", "JP");
  CHECK(router.ips == 2);
  CHECK(router.devices == 2);
  const auto& camera = row(rows, "2021-05-27", "wificam", "JP");
  CHECK(camera.ips == 1);
  CHECK(camera.devices == 0);
  CHECK(camera.hosts_without_udn == 1);
  const auto& total = row(rows, "2021-05-27", "*", "*");
  CHECK(total.ips == 2);
  CHECK(total.devices == 2);
  CHECK(total.hosts_without_udn == 0);  // the address has a device: the router
  CHECK(scalar(s.db(), "SELECT count(*) FROM host_devices") == 3);
  CHECK(scalar(s.db(), "SELECT count(*) FROM devices WHERE family = 'logitec-router'") == 2);
}

TEST_CASE("churn: honeypot-like hosts are left out of the counts and reported "
          "(issue 11 case 7)", "[db][churn][issue11]") {
  store s{":memory:"};
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  auto pot = make_host("127.6.0.1", {}, "gpon");
  add_device(pot, "wificam", 81);
  add_device(pot, "cms-web-viewer", 8080);
  pot.verdict.honeypot_like = true;
  REQUIRE(s.add_host(r1, pot).ok());
  REQUIRE(s.add_host(r1, make_host("127.6.0.2", {}, "gpon")).ok());
  REQUIRE(s.flush().ok());
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  CHECK(row(rows, "2021-05-27", "gpon", "JP").ips == 1);
  for (const auto& r : rows) CHECK(r.family != "wificam");
  const auto& total = row(rows, "2021-05-27", "*", "*");
  CHECK(total.ips == 1);
  CHECK(total.honeypot_hosts == 1);
}

TEST_CASE("churn: devices keyed by an SSDP USN are counted as a weaker kind (issue 11)",
          "[db][churn][issue11]") {
  store s{":memory:"};
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  auto host = make_host("127.7.0.1", {}, "xiongmai", "CN");
  iotprobe::parsers::probe_result ssdp;
  ssdp.port = 1900;
  ssdp.probe = iotprobe::parsers::probe_kind::ssdp;
  ssdp.status = iotprobe::parsers::probe_status::ok;
  ssdp.ssdp = iotprobe::parsers::ssdp_reply{};
  ssdp.ssdp->status = iotprobe::parsers::probe_status::ok;
  ssdp.ssdp->usn = "uuid:5a9b3a10-1dd2-11b2-a000-00e04c000001::upnp:rootdevice";
  host.probes.push_back(ssdp);
  REQUIRE(s.add_host(r1, host).ok());
  REQUIRE(s.flush().ok());
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  const auto& dvr = row(rows, "2021-05-27", "xiongmai", "CN");
  CHECK(dvr.devices == 1);
  CHECK(dvr.weak_identity_devices == 1);
  CHECK(scalar(s.db(), "SELECT count(*) FROM devices WHERE identity_kind = 'ssdp_usn'") == 1);
}
