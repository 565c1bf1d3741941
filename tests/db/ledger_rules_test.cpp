// Issue 11 cases 2 and 3: the identity rules reach stored data (a known default added to
// the config later, old rows re-derived on open or by a rebuild, the rule recorded), and a
// MAC-bearing UDN with an unset, broadcast or multicast MAC is never one device.
#include "db/churn.hpp"
#include "db/store.hpp"
#include "hosts.hpp"
#include "scalar.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {

struct device_row {
  bool shared = false;
  std::string reason, evidence;
};

device_row device(database& db, const std::string& udn) {
  statement s{db, "SELECT shared, coalesce(shared_reason, ''), coalesce(shared_evidence, '') "
                  "FROM devices WHERE udn = ?1"};
  cursor c = s.open();
  c.bind(1, udn);
  REQUIRE(c.next());
  return {c.int64(0) != 0, c.text(1), c.text(2)};
}

store_options with_defaults(std::vector<std::string> defaults) {
  store_options o;
  o.known_default_udns = std::move(defaults);
  return o;
}

const std::string vendor_default = "uuid:0a1b2c3d-0000-4000-8000-000000000001";

}  // namespace

TEST_CASE("ledger: a default added to the config later reaches stored data (issue 11 case 2)",
          "[db][ledger][issue11]") {
  temp_db file{"db_tests_ledger_rules.db"};
  {
    store s{file.path, with_defaults({})};
    const auto d1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
    const auto d2 = s.open_run("d2", "2021-05-28", "h", false).run.id;
    REQUIRE(s.add_host(d1, make_host("127.8.0.1", {{49152, vendor_default}})).ok());
    REQUIRE(s.add_host(d2, make_host("127.8.0.2", {{49152, vendor_default}})).ok());
    REQUIRE(s.add_host(d2, make_host("127.8.0.3", {{52881, wps_udn(60)}})).ok());
  }
  {
    store s{file.path, with_defaults({})};  // the same rules: nothing to re-derive
    CHECK(s.rebuild_at_open().changed.empty());
    CHECK_FALSE(device(s.db(), vendor_default).shared);
    const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-28", std::nullopt, std::nullopt});
    CHECK(rows.front().devices == 1);
  }
  {
    // The researcher learns the UDN is a vendor's compiled-in default and adds it.
    store s{file.path, with_defaults({"UUID:0A1B2C3D-0000-4000-8000-000000000001"})};
    const auto& report = s.rebuild_at_open();
    REQUIRE(report.changed.size() == 1);
    CHECK(report.changed[0].udn == vendor_default);
    CHECK(report.changed[0].now.reason == std::optional<std::string>("known_default"));
    CHECK(report.changed[0].days == std::vector<std::string>{"2021-05-27", "2021-05-28"});
    const auto d = device(s.db(), vendor_default);
    CHECK(d.shared);
    CHECK(d.reason == "known_default");  // which rule marked it
    CHECK(d.evidence.find("known_default_udn") != std::string::npos);
    CHECK_FALSE(device(s.db(), wps_udn(60)).shared);
    const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
    CHECK(rows.front().devices == 0);
    CHECK(rows.front().unattributed_hosts == 1);
    CHECK(rows.front().reclassified_devices == 1);
    CHECK(scalar(s.db(), "SELECT count(*) FROM reclassifications WHERE run_id IS NULL") == 1);
  }
  {
    store s{file.path, with_defaults({})};  // and taken off the list again: a device again
    REQUIRE(s.rebuild_at_open().changed.size() == 1);
    CHECK_FALSE(device(s.db(), vendor_default).shared);
    CHECK(s.rebuild_ledger().changed.empty());  // an explicit rebuild finds nothing new
  }
}

TEST_CASE("ledger: a zero, broadcast or multicast MAC UDN is never one device (issue 11 case 3)",
          "[db][ledger][issue11]") {
  store s{":memory:"};
  const auto zero = "uuid:63041253-1019-2006-1228-000000000000";
  const auto broadcast = "uuid:63041253-1019-2006-1228-ffffffffffff";
  const auto multicast = "uuid:63041253-1019-2006-1228-01005e0000fb";
  const auto r1 = s.open_run("d1", "2021-05-27", "h", false).run.id;
  REQUIRE(s.add_host(r1, make_host("127.8.1.1", {{52881, zero}})).ok());
  REQUIRE(s.add_host(r1, make_host("127.8.1.2", {{52881, zero}})).ok());
  REQUIRE(s.add_host(r1, make_host("127.8.1.3", {{52881, broadcast}})).ok());
  REQUIRE(s.add_host(r1, make_host("127.8.1.4", {{52881, multicast}})).ok());
  REQUIRE(s.add_host(r1, make_host("127.8.1.5", {{52881, wps_udn(61)}})).ok());
  REQUIRE(s.flush().ok());
  CHECK(device(s.db(), zero).reason == "mac_unset");
  CHECK(device(s.db(), broadcast).reason == "mac_broadcast");
  CHECK(device(s.db(), multicast).reason == "mac_multicast");
  CHECK(device(s.db(), zero).shared);
  const auto rows = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].ips == 5);
  CHECK(rows[0].devices == 1);
  CHECK(rows[0].unattributed_hosts == 4);
  CHECK(s.pending_clone_checks(r1).empty());  // shared by construction: nothing to re-probe
}
