// `merge` (issue 16): stores written by shards give, merged, the churn table of one store
// that saw everything; the ledger is re-derived over the union (serials that conflict only
// across inputs); the same store merged twice adds nothing; an existing OUT is refused
// without force; an older input is merged from a migrated copy; OUT appears only whole.
#include "db/churn.hpp"
#include "db/merge.hpp"
#include "db/schema.hpp"
#include "db/store.hpp"
#include "hosts.hpp"
#include "scalar.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {

const std::string conflicted = "uuid:01234567-89ab-cdef-0123-456789abcdef";

// Two days of hosts; `keep(i)` picks which of them this store probes (a shard).
void fill(store& s, const std::function<bool(int)>& keep) {
  const auto a = wps_udn(1), b = wps_udn(2), c = wps_udn(3), d = wps_udn(4);
  const auto r1 = s.open_run("list", "2021-05-27", "h", false).run.id;
  const auto r2 = s.open_run("list", "2021-05-28", "h", false).run.id;
  const std::vector<std::pair<std::int64_t, iotprobe::parsers::host_result>> hosts{
      {r1, make_host("127.3.0.1", {{52881, a}})},
      {r1, make_host("127.3.0.2", {{52881, b}})},
      {r1, make_host("127.3.0.3", {{52881, c}})},
      {r1, make_host("127.3.0.9", {{52869, picsdesc_default}})},
      {r1, make_host("127.3.0.20", {{80, conflicted, "SERIAL-A"}})},
      {r2, make_host("127.3.1.1", {{52881, a}})},
      {r2, make_host("127.3.1.2", {{52881, a}})},
      {r2, make_host("127.3.0.2", {{52881, b}})},
      {r2, make_host("127.3.1.4", {{52869, picsdesc_default}, {52881, d}})},
      {r2, make_host("127.3.1.20", {}, "wificam", "TW")},
      {r2, make_host("127.3.1.30", {}, std::nullopt)},
      {r2, make_host("127.3.1.21", {{80, conflicted, "SERIAL-B"}})}};  // odd: the other shard
  for (std::size_t i = 0; i < hosts.size(); ++i)
    if (keep(static_cast<int>(i))) REQUIRE(s.add_host(hosts[i].first, hosts[i].second).ok());
  REQUIRE(s.finish_run(r1, true, 5, 0).ok());
  REQUIRE(s.finish_run(r2, true, 7, 0).ok());
}

std::vector<churn_row> churn_of(const std::string& path) {
  store s{path};
  return churn_table(s.db(), {"2021-05-27", "2021-05-28", std::nullopt, std::nullopt});
}

bool same(const std::vector<churn_row>& a, const std::vector<churn_row>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (std::tie(x.day, x.family, x.country, x.ips, x.devices, x.ips_per_device_max,
                 x.multi_ip_devices, x.new_devices, x.vanished_devices, x.unattributed_hosts,
                 x.hosts_without_udn, x.weak_identity_devices, x.reclassified_devices,
                 x.honeypot_hosts) !=
            std::tie(y.day, y.family, y.country, y.ips, y.devices, y.ips_per_device_max,
                     y.multi_ip_devices, y.new_devices, y.vanished_devices, y.unattributed_hosts,
                     y.hosts_without_udn, y.weak_identity_devices, y.reclassified_devices,
                     y.honeypot_hosts) ||
        x.ips_per_device_mean != y.ips_per_device_mean)
      return false;
  }
  return true;
}

merge_options rules() {
  merge_options o;
  o.rules.known_default_udns = store_options{}.known_default_udns;
  return o;
}

}  // namespace

TEST_CASE("merge: shard stores give the single store's churn table", "[db][merge][issue16]") {
  temp_db whole{"db_tests_merge_whole.db"}, even{"db_tests_merge_even.db"},
      odd{"db_tests_merge_odd.db"}, out{"db_tests_merge_out.db"}, twice{"db_tests_merge_twice.db"};
  { store s{whole.path}; fill(s, [](int) { return true; }); }
  { store s{even.path}; fill(s, [](int i) { return i % 2 == 0; }); }
  { store s{odd.path}; fill(s, [](int i) { return i % 2 == 1; }); }
  // The serials conflict only across the two shards: neither shard knows the key is shared.
  { store s{even.path}; CHECK(scalar(s.db(), "SELECT shared FROM devices WHERE udn = '" + conflicted + "'") == 0); }
  const auto report = merge_stores(out.path, {even.path, odd.path}, rules());
  REQUIRE(report.inputs.size() == 2);
  CHECK(report.inputs[0].hosts_new + report.inputs[1].hosts_new == 12);
  CHECK(report.hosts == 12);
  CHECK(report.runs == 4);
  REQUIRE(report.rebuilt.changed.size() == 1);
  CHECK(report.rebuilt.changed[0].udn == conflicted);
  CHECK(same(churn_of(out.path), churn_of(whole.path)));
  {
    store s{out.path};
    CHECK(scalar(s.db(), "SELECT count(*) FROM sightings") ==
          scalar(store{whole.path}.db(), "SELECT count(*) FROM sightings"));
    CHECK(scalar(s.db(), "SELECT count(*) FROM responses r JOIN hosts h ON h.id = r.host_id") ==
          scalar(s.db(), "SELECT count(*) FROM responses"));
  }
  SECTION("a store merged twice adds nothing") {
    const auto again = merge_stores(twice.path, {out.path, even.path, out.path}, rules());
    CHECK(again.inputs[2].hosts_new == 0);
    CHECK(again.inputs[2].runs_present == 4);
    CHECK(again.hosts == 12);
    CHECK(same(churn_of(twice.path), churn_of(whole.path)));
  }
  SECTION("an existing OUT is refused unless forced, and stays as it was") {
    CHECK_THROWS_WITH(merge_stores(out.path, {even.path}, rules()), Catch::Contains("--force"));
    CHECK(store{out.path}.db().user_version() == schema_version);
    auto forced = rules();
    forced.force = true;
    CHECK(merge_stores(out.path, {even.path}, forced).hosts == 6);
    CHECK_FALSE(std::filesystem::exists(out.path + ".merging"));
  }
}

TEST_CASE("merge: an older input is merged from a migrated copy; a newer one is refused",
          "[db][merge][issue16]") {
  temp_db old{"db_tests_merge_v6.db"}, newer{"db_tests_merge_v99.db"}, out{"db_tests_merge_old_out.db"};
  {
    database db{old.path};
    migrate(db, 6);
    db.exec_or_throw("INSERT INTO runs(input, day, config_hash, started_at, state) "
                     "VALUES('in', '2021-05-27', 'h', 't', 'finished')");
  }
  const auto report = merge_stores(out.path, {old.path}, rules());
  CHECK(report.inputs[0].schema_version == 6);
  CHECK(report.runs == 1);
  CHECK(database{old.path}.user_version() == 6);  // the input is never written
  {
    database db{newer.path};
    db.exec_or_throw("PRAGMA user_version = 99");
  }
  auto forced = rules();
  forced.force = true;
  CHECK_THROWS_WITH(merge_stores(out.path, {newer.path}, forced), Catch::Contains("newer than this iotprobe"));
  CHECK(store{out.path}.db().user_version() == schema_version);  // the old OUT survived
  CHECK_FALSE(std::filesystem::exists(out.path + ".merging"));
}

TEST_CASE("merge: an early copy of a store and the store itself merge to the store",
          "[db][merge][issue16]") {
  temp_db live{"db_tests_merge_live.db"}, early{"db_tests_merge_early.db"}, out{"db_tests_merge_live_out.db"};
  {
    store s{live.path};
    const auto run = s.open_run("list", "2021-05-27", "h", false).run.id;
    REQUIRE(s.add_host(run, make_host("127.3.0.1", {{52881, wps_udn(1)}})).ok());
    REQUIRE(s.finish_run(run, false, 0, 0).ok());  // interrupted
  }
  std::filesystem::copy_file(live.path, early.path);
  {
    store s{live.path};
    const auto opened = s.open_run("list", "2021-05-27", "h", false);
    REQUIRE(opened.outcome == run_outcome::resumed);
    REQUIRE(s.add_host(opened.run.id, make_host("127.3.0.2", {{52881, wps_udn(2)}})).ok());
    REQUIRE(s.finish_run(opened.run.id, true, 2, 0).ok());
  }
  const auto report = merge_stores(out.path, {early.path, live.path}, rules());
  CHECK(report.inputs[1].runs_present == 1);
  CHECK(report.inputs[1].hosts_new == 1);
  CHECK(report.inputs[1].hosts_present == 1);
  store merged{out.path};
  const auto run = merged.run(1);
  REQUIRE(run);
  CHECK(run->state == "finished");
  CHECK(run->hosts_done == 2);
  CHECK(run->targets == 2);
  CHECK(scalar(merged.db(), "SELECT count(*) FROM progress WHERE probe = 'host'") == 2);
}
