// Vantage points (issue 16): a device is present when any vantage point saw it (the churn
// table is unchanged), and `churn --by-vantage` shows what each saw alone or missed; the
// names a vantage point may have.
#include "db/churn.hpp"
#include "db/store.hpp"
#include "db/vantage.hpp"
#include "hosts.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

TEST_CASE("vantage points: presence by any of them, and what each saw alone",
          "[db][vantage][issue16]") {
  store s{":memory:"};
  const auto a = wps_udn(1), b = wps_udn(2), c = wps_udn(3);
  const auto east = s.open_run("list [vantage east]", "2021-05-27", "h", false).run.id;
  const auto west = s.open_run("list [vantage west]", "2021-05-27", "h", false).run.id;
  REQUIRE(set_run_vantage(s.db(), east, "east").ok());
  REQUIRE(set_run_vantage(s.db(), west, "west").ok());
  REQUIRE(s.add_host(east, make_host("127.3.0.1", {{52881, a}})).ok());
  REQUIRE(s.add_host(east, make_host("127.3.0.2", {{52881, b}})).ok());
  REQUIRE(s.add_host(west, make_host("127.3.0.2", {{52881, b}})).ok());
  REQUIRE(s.add_host(west, make_host("127.3.0.3", {{52881, c}})).ok());
  REQUIRE(s.flush().ok());
  const auto churn = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  REQUIRE(churn.size() == 1);
  CHECK(churn[0].ips == 3);
  CHECK(churn[0].devices == 3);
  const auto rows = vantage_table(s.db(), "2021-05-27", "2021-05-27");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].vantage == "east");
  CHECK(rows[0].ips == 2);
  CHECK(rows[0].devices == 2);
  CHECK(rows[0].ips_only_here == 1);
  CHECK(rows[0].devices_only_here == 1);
  CHECK(rows[0].devices_missed == 1);
  CHECK(rows[1].vantage == "west");
  CHECK(rows[1].devices_missed == 1);
  CHECK(vantage_error("eu-west.1_a") == std::nullopt);
  CHECK(vantage_error(""));
  CHECK(vantage_error("a b"));
  CHECK(vantage_error(std::string(65, 'x')));
}
