// Issue 13 in churn: each row's median sighting-to-probe lag, and --max-lag leaving out the
// hosts probed too long after the darknet saw them (and those whose lag is unknown).
#include "db/churn.hpp"
#include "db/store.hpp"
#include "hosts.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {

// A host probed `lag_s` seconds after its first sighting (none: the input had no time).
iotprobe::parsers::host_result seen(const std::string& ip, int device, std::optional<int> lag_s) {
  auto h = make_host(ip, {{52881, wps_udn(device)}});
  if (lag_s) h.first_seen = h.started - std::chrono::seconds(*lag_s);
  return h;
}

}  // namespace

TEST_CASE("churn: the median lag per row and --max-lag", "[db][churn][lag]") {
  store s{":memory:"};
  const auto run = s.open_run("follow:pcap:-", "2021-05-27", "h", false).run.id;
  REQUIRE(s.add_host(run, seen("127.3.0.1", 1, 2)).ok());
  REQUIRE(s.add_host(run, seen("127.3.0.2", 2, 30)).ok());
  REQUIRE(s.add_host(run, seen("127.3.0.3", 3, 7200)).ok());
  REQUIRE(s.add_host(run, seen("127.3.0.4", 4, std::nullopt)).ok());
  REQUIRE(s.flush().ok());

  const auto all = churn_table(s.db(), {"2021-05-27", "2021-05-27", std::nullopt, std::nullopt});
  REQUIRE(all.size() == 1);
  CHECK(all[0].ips == 4);
  REQUIRE(all[0].lag_median_s);
  CHECK(*all[0].lag_median_s == Approx(30));

  churn_filter fresh{"2021-05-27", "2021-05-27", std::nullopt, std::nullopt};
  fresh.max_lag_s = 60;
  const auto rows = churn_table(s.db(), fresh);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].ips == 2);
  CHECK(rows[0].devices == 2);
  CHECK(*rows[0].lag_median_s <= 30);
}
