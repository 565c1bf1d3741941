// Per-day report summaries: stored once a day's runs are final, reused while their stamp
// holds, and recomputed after a later write changes the day (a new run, a host, a device
// turning shared or an earlier first day); a stored report equals a computed one.
#include "db/report.hpp"
#include "db/report_days.hpp"
#include "report_fixture.hpp"
#include "scalar.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {

std::int64_t devices_on(database& db, const std::string& day) {
  const auto r = build_report(db, period(day, day));
  return r.funnel.at(0).devices;
}

std::string stored_days(database& db) {
  statement q{db, "SELECT group_concat(day, ' ') FROM (SELECT day FROM report_day_stamps ORDER BY day)"};
  cursor c = q.open();
  return c.next() && !c.is_null(0) ? c.text(0) : "";
}

}  // namespace

TEST_CASE("report days: summaries are stored when final and reused", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  auto& db = s.db();
  CHECK(stored_days(db).empty());
  const auto first = build_report(db, period("2021-05-27", "2021-05-28"));
  CHECK(stored_days(db) == "2021-05-27 2021-05-28");
  CHECK(scalar(db, "SELECT devices FROM report_days WHERE day = '2021-05-28' AND country = '*'") == 3);
  // Reading the stored rows gives what computing gave.
  db.exec_or_throw("UPDATE report_days SET darknet = 999 WHERE day = '2021-05-28' AND country = '*'");
  CHECK(build_report(db, period("2021-05-27", "2021-05-28")).funnel[1].darknet == 999);
  db.exec_or_throw("DELETE FROM report_day_stamps");
  const auto again = build_report(db, period("2021-05-27", "2021-05-28"));
  CHECK(again.funnel[1].darknet == first.funnel[1].darknet);
  CHECK(again.churn.size() == first.churn.size());
  CHECK(again.cumulative.size() == first.cumulative.size());
}

TEST_CASE("report days: a running run is never stored; a new host changes the stamp", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  auto& db = s.db();
  const auto run = s.open_run("day2-late", "2021-05-28", "h", false).run.id;
  add_run(s, run, {make_host("127.3.2.1", {{52881, wps_udn(9)}})});
  REQUIRE(s.flush().ok());
  CHECK(devices_on(db, "2021-05-28") == 4);
  CHECK(stored_days(db).empty());  // day 2 is still being written; day 3 reads day 2
  REQUIRE(s.finish_run(run, true, 1, 0).ok());
  CHECK(devices_on(db, "2021-05-28") == 4);
  CHECK(stored_days(db) == "2021-05-28");
  const auto stamp_before = day_stamps(db, "2021-05-28", "2021-05-28").at("2021-05-28");
  const auto again = s.open_run("day2-late", "2021-05-28", "h", false).run.id;  // resumed
  add_run(s, again, {make_host("127.3.2.2", {{52881, wps_udn(10)}})});
  REQUIRE(s.finish_run(again, true, 2, 0).ok());
  CHECK(devices_on(db, "2021-05-28") == 5);
  CHECK(day_stamps(db, "2021-05-28", "2021-05-28").at("2021-05-28") != stamp_before);
}

TEST_CASE("report days: a device turning shared drops the summaries it counted in", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  auto& db = s.db();
  CHECK(devices_on(db, "2021-05-27") == 3);
  CHECK(devices_on(db, "2021-05-28") == 3);
  build_report(db, period("2021-05-27", "2021-05-29"));
  CHECK(stored_days(db) == "2021-05-27 2021-05-28");
  // b (seen on both days) becomes shared, as the ledger would mark it.
  db.exec_or_throw("UPDATE devices SET shared = 1, shared_reason = 'multi_address' WHERE udn = '" +
                   wps_udn(2) + "'");
  CHECK(stored_days(db).empty());
  CHECK(devices_on(db, "2021-05-27") == 2);
  CHECK(devices_on(db, "2021-05-28") == 2);
  // c (seen on day 1 only) drops day 1 and day 2 (its "vanished" count), nothing else.
  build_report(db, period("2021-05-27", "2021-05-28"));
  db.exec_or_throw("INSERT INTO runs(input, day, config_hash, started_at, state) "
                   "VALUES('x', '2021-05-30', 'h', '2021-05-30T00:00:00Z', 'finished')");
  build_report(db, period("2021-05-30", "2021-05-30"));
  CHECK(stored_days(db) == "2021-05-27 2021-05-28 2021-05-30");
  db.exec_or_throw("UPDATE devices SET shared = 1 WHERE udn = '" + wps_udn(3) + "'");
  CHECK(stored_days(db) == "2021-05-30");
}

TEST_CASE("report days: a reclassification or an identity kind change drops the days it touched",
          "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  auto& db = s.db();
  build_report(db, period("2021-05-27", "2021-05-28"));
  REQUIRE(stored_days(db) == "2021-05-27 2021-05-28");
  // A status change that keeps `shared` (another rule) still changes the day's
  // reclassified count.
  db.exec_or_throw("INSERT INTO reclassifications(device_id, at, shared, reason, days) "
                   "SELECT id, 't', 0, 'x', '2021-05-28' FROM devices WHERE udn = '" + wps_udn(4) + "'");
  CHECK(stored_days(db) == "2021-05-27");
  build_report(db, period("2021-05-27", "2021-05-28"));
  db.exec_or_throw("UPDATE devices SET identity_kind = 'usn' WHERE udn = '" + wps_udn(3) + "'");
  CHECK(stored_days(db) == "");
}

TEST_CASE("report days: an earlier first day drops both days' summaries", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  auto& db = s.db();
  build_report(db, period("2021-05-27", "2021-05-28"));
  db.exec_or_throw("UPDATE devices SET first_day = '2021-05-27' WHERE udn = '" + wps_udn(4) + "'");
  CHECK(stored_days(db).empty());
  db.exec_or_throw("UPDATE devices SET last_day = '2021-05-29'");
  build_report(db, period("2021-05-27", "2021-05-28"));
  CHECK(stored_days(db) == "2021-05-27 2021-05-28");  // other columns do not matter
}

TEST_CASE("report days: stamps name the runs of the day and the day before", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  const auto stamps = day_stamps(s.db(), "2021-05-27", "2021-05-29");
  REQUIRE(stamps.size() == 2);
  CHECK(stamps.at("2021-05-27").rfind("|1:finished:5:", 0) == 0);
  CHECK(stamps.at("2021-05-28").find("1:finished:5:") == 0);
  CHECK(stamps.at("2021-05-28").find("|2:finished:6:") != std::string::npos);
  CHECK(stamp_is_final(stamps.at("2021-05-28")));
  CHECK_FALSE(stamp_is_final("|4:running:0:"));
}
