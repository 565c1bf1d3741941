// The device ledger: the UDN precedence rule, shared UDNs (known defaults, clone checks
// settled by a re-probe, conflicting serials) and the MAC kept from Realtek WPS UDNs.
#include "parsers/model/host_identity.hpp"
#include "db/lookup.hpp"
#include "db/store.hpp"
#include "hosts.hpp"
#include "scalar.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;
namespace parsers = iotprobe::parsers;

namespace {
struct device_row {
  bool shared = false;
  std::string reason;
};
device_row device(database& db, const std::string& udn) {
  statement s{db, "SELECT shared, coalesce(shared_reason, '') FROM devices WHERE udn = ?1"};
  cursor c = s.open();
  c.bind(1, udn);
  REQUIRE(c.next());
  return {c.int64(0) != 0, c.text(1)};
}
}  // namespace

TEST_CASE("the per-device simplecfg UDN wins over the shared picsdesc UDN", "[db][ledger]") {
  auto host = make_host("127.2.0.1", {{52869, picsdesc_default, "00000000", "IGD"},
                                      {52881, wps_udn(7), "SN7"}});
  const auto id = parsers::identify_host(host, parsers::builtin_default_udns());
  REQUIRE(id.candidates.size() == 2);
  REQUIRE(id.chosen());
  CHECK(id.chosen()->udn == wps_udn(7));
  CHECK(id.chosen()->mac == std::optional<std::string>("00:a0:b0:00:00:07"));
  CHECK(id.candidates[1].known_default);
  // The order the probes arrived in does not change the choice.
  std::swap(host.probes[1], host.probes[2]);
  CHECK(parsers::identify_host(host, parsers::builtin_default_udns()).chosen()->udn == wps_udn(7));
}

TEST_CASE("a host whose only UDN is a known default is unattributed", "[db][ledger]") {
  auto host = make_host("127.2.0.2", {{52869, "UUID:12342409-1234-1234-5678-EE1234CC5678"}});
  const auto id = parsers::identify_host(host, parsers::builtin_default_udns());
  REQUIRE(id.chosen());
  CHECK(id.chosen()->known_default);  // normalised before the comparison
  store s{":memory:"};
  const auto run = s.open_run("in", "2021-05-27", "h", false).run;
  REQUIRE(s.add_host(run.id, host).ok());
  REQUIRE(s.flush().ok());
  const auto d = device(s.db(), picsdesc_default);
  CHECK(d.shared);
  CHECK(d.reason == "known_default");
}

TEST_CASE("the known-defaults list is a parameter", "[db][ledger]") {
  const std::string custom = "uuid:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  auto host = make_host("127.2.0.3", {{52869, custom}, {80, "uuid:11111111-2222-3333-4444-555555555555"}});
  CHECK(parsers::identify_host(host, {}).chosen()->udn == "uuid:11111111-2222-3333-4444-555555555555");
  CHECK(parsers::identify_host(host, {custom}).chosen()->udn == "uuid:11111111-2222-3333-4444-555555555555");
  auto only = make_host("127.2.0.4", {{52869, custom}});
  CHECK_FALSE(parsers::identify_host(only, {}).chosen()->known_default);
  CHECK(parsers::identify_host(only, {custom}).chosen()->known_default);
}

TEST_CASE("ledger: two addresses in one run open a clone check, not a clone "
          "(issue 11 case 4)", "[db][ledger][issue11]") {
  store s{":memory:"};
  const auto day1 = s.open_run("d1", "2021-05-27", "h", false).run;
  const auto day2 = s.open_run("d2", "2021-05-28", "h", false).run;
  const std::string moving = wps_udn(20), twice = "uuid:deadbeef-0000-1111-2222-333344445555";
  REQUIRE(s.add_host(day1.id, make_host("127.2.1.1", {{52881, moving}})).ok());
  REQUIRE(s.add_host(day2.id, make_host("127.2.1.2", {{52881, moving}})).ok());
  // One coincidence within the old 300 s window is no longer proof of a clone.
  REQUIRE(s.add_host(day1.id, make_host("127.2.1.3", {{49152, twice}})).ok());
  REQUIRE(s.add_host(day1.id, make_host("127.2.1.4", {{49152, twice}})).ok());
  REQUIRE(s.flush().ok());
  CHECK_FALSE(device(s.db(), moving).shared);
  CHECK_FALSE(device(s.db(), twice).shared);
  const auto checks = s.pending_clone_checks(day1.id);
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].udn == twice);
  CHECK(checks[0].ip_a == "127.2.1.3");
  CHECK(checks[0].ip_b == "127.2.1.4");
  CHECK(checks[0].port == 49152);
  CHECK(s.pending_clone_checks(day2.id).empty());  // across runs it is churn
  const auto timeline = lookup_uuid(s.db(), moving);
  REQUIRE(timeline.days.size() == 2);
  CHECK(timeline.days[0].ips[0] == "127.2.1.1");
  CHECK(timeline.days[1].ips[0] == "127.2.1.2");
  CHECK(timeline.first_day == "2021-05-27");
  CHECK(timeline.last_day == "2021-05-28");
  CHECK(timeline.mac == "00:a0:b0:00:00:14");
}

TEST_CASE("ledger: one key at two addresses of one day, in two runs, is checked by the later "
          "run (issue 11 case 4)", "[db][ledger][issue11]") {
  store s{":memory:"};
  const auto epoch0 = s.open_run("d1-e0", "2021-05-27", "h", false).run;
  const auto epoch1 = s.open_run("d1-e1", "2021-05-27", "h", false).run;
  const std::string udn = "uuid:abcdef01-0000-1111-2222-333344445555";
  REQUIRE(s.add_host(epoch0.id, make_host("127.2.6.1", {{49152, udn}})).ok());
  auto later = make_host("127.2.6.2", {{49152, udn}});
  later.finished += std::chrono::hours{12};  // far outside any probe window
  REQUIRE(s.add_host(epoch1.id, later).ok());
  CHECK(s.pending_clone_checks(epoch0.id).empty());
  const auto checks = s.pending_clone_checks(epoch1.id);
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].ip_a == "127.2.6.1");
  CHECK(checks[0].ip_b == "127.2.6.2");
}

TEST_CASE("ledger: a re-probe settles a clone check (issue 11 case 4)", "[db][ledger][issue11]") {
  store s{":memory:"};
  const auto run = s.open_run("d1", "2021-05-27", "h", false).run;
  const std::string moved = wps_udn(30), cloned = "uuid:cafebabe-0000-1111-2222-333344445555";
  auto morning = make_host("127.2.4.1", {{52881, moved}});
  auto evening = make_host("127.2.4.2", {{52881, moved}});
  evening.finished = morning.finished + std::chrono::hours{6};
  // Clones probed more than 300 s apart: the old window merged them into one device.
  auto a = make_host("127.2.4.3", {{49152, cloned}});
  auto b = make_host("127.2.4.4", {{49152, cloned}});
  b.finished = a.finished + std::chrono::seconds{301};
  for (const auto* h : {&evening, &morning, &b, &a}) REQUIRE(s.add_host(run.id, *h).ok());
  const auto checks = s.pending_clone_checks(run.id);
  REQUIRE(checks.size() == 2);
  for (const auto& c : checks) {
    const bool clone = c.udn == cloned;
    REQUIRE(s.resolve_clone_check(c, clone ? clone_outcome::clone : clone_outcome::moved,
                                  clone ? "both answered" : "only 127.2.4.2 answered").ok());
  }
  CHECK(s.pending_clone_checks(run.id).empty());
  CHECK_FALSE(device(s.db(), moved).shared);
  CHECK(device(s.db(), cloned).shared);
  CHECK(device(s.db(), cloned).reason == "simultaneous_answer");
  CHECK(scalar(s.db(), "SELECT count(*) FROM sightings s JOIN devices d ON d.id = s.device_id "
                       "WHERE d.udn = '" + moved + "'") == 2);
  const auto changed = s.reclassified_by(run.id);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].udn == cloned);
  CHECK(changed[0].days == std::vector<std::string>{"2021-05-27"});
}

TEST_CASE("ledger: conflicting serial numbers under one UDN mark it shared "
          "(issue 11 case 4)", "[db][ledger][issue11]") {
  store s{":memory:"};
  const auto day1 = s.open_run("d1", "2021-05-27", "h", false).run;
  const auto day2 = s.open_run("d2", "2021-05-28", "h", false).run;
  const std::string udn = "uuid:01234567-89ab-cdef-0123-456789abcdef";
  const std::string same_serial = "uuid:11111111-89ab-cdef-0123-456789abcdef";
  REQUIRE(s.add_host(day1.id, make_host("127.2.2.1", {{80, udn, "SERIAL-A"}})).ok());
  REQUIRE(s.add_host(day2.id, make_host("127.2.2.2", {{80, udn, "SERIAL-B"}})).ok());
  REQUIRE(s.add_host(day1.id, make_host("127.2.2.3", {{80, same_serial, "S"}})).ok());
  REQUIRE(s.add_host(day2.id, make_host("127.2.2.4", {{80, same_serial, "S"}})).ok());
  REQUIRE(s.flush().ok());
  CHECK(device(s.db(), udn).shared);
  CHECK(device(s.db(), udn).reason == "conflicting_serial");
  CHECK_FALSE(device(s.db(), same_serial).shared);
  CHECK(scalar(s.db(), "SELECT count(*) FROM sightings") == 4);
  // Day 2 revealed the clone, and says which stored days' counts that changed.
  const auto changed = s.reclassified_by(day2.id);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].udn == udn);
  CHECK(changed[0].now.shared);
  CHECK(changed[0].days == std::vector<std::string>{"2021-05-27", "2021-05-28"});
  CHECK(s.reclassified_by(day1.id).empty());
}

TEST_CASE("ledger: a model string change alone does not mark a clone (issue 11 case 4)",
          "[db][ledger][issue11]") {
  store s{":memory:"};
  const auto day1 = s.open_run("d1", "2021-05-27", "h", false).run;
  const auto day2 = s.open_run("d2", "2021-05-28", "h", false).run;
  const std::string udn = wps_udn(40);
  REQUIRE(s.add_host(day1.id, make_host("127.2.5.1", {{52881, udn, "SN40", "LAN-W300N/DR"}})).ok());
  // A firmware update renames the model; the serial is the same unit's.
  REQUIRE(s.add_host(day2.id, make_host("127.2.5.2", {{52881, udn, "SN40", "LAN-W300N/DR v2.27"}})).ok());
  REQUIRE(s.flush().ok());
  CHECK_FALSE(device(s.db(), udn).shared);
  CHECK(s.reclassified_by(day2.id).empty());
}

TEST_CASE("a host with no description has no device", "[db][ledger]") {
  store s{":memory:"};
  const auto run = s.open_run("d1", "2021-05-27", "h", false).run;
  REQUIRE(s.add_host(run.id, make_host("127.2.3.1", {}, "wificam")).ok());
  REQUIRE(s.add_host(run.id, make_host("127.2.3.2", {}, std::nullopt)).ok());
  REQUIRE(s.flush().ok());
  CHECK(scalar(s.db(), "SELECT count(*) FROM devices") == 0);
  CHECK(scalar(s.db(), "SELECT count(*) FROM hosts WHERE open = 1") == 1);
  CHECK(scalar(s.db(), "SELECT hosts_identified FROM runs") == 1);
}
