// The report's query plans (EXPLAIN QUERY PLAN) with the ANALYZE statistics of the
// benchmark's store (90 days, 10.8M sightings, 15.8M hosts, tests/bench/report_bench.sh): the
// per-day aggregates search hosts and sources by day through an index, the devices-seen
// query seeks sightings per device, summaries are read by key; no statement scans hosts,
// sources or sightings whole, and none needs an automatic index.
#include "db/report_days.hpp"
#include "db/report_devices.hpp"
#include "report_fixture.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {

std::string plan_of(database& db, const std::string& sql) {
  statement q{db, "EXPLAIN QUERY PLAN " + sql};
  cursor c = q.open();
  c.bind(1, "2021-05-27").bind(2, "2021-05-28");
  std::string plan;
  while (c.next()) plan += c.text(3) + "\n";
  return plan;
}

// sqlite_stat1 as ANALYZE wrote it on the benchmark store; the planner reads it, not the rows.
void use_benchmark_statistics(database& db) {
  db.exec_or_throw("ANALYZE");
  db.exec_or_throw(
      "DELETE FROM sqlite_stat1 WHERE tbl IN ('sources', 'hosts', 'host_devices', 'sightings', 'devices', "
      "'verdicts');"
      "INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES"
      "('sources', 'sources_day', '16083117 178702 1 1 1'), ('sources', 'sources', '16083117 178702 1'),"
      "('hosts', 'hosts_device_run', '15773883 137 3'), ('hosts', 'hosts_day_family', '15773883 175266 15934'),"
      "('hosts', 'hosts_ip', '15773883 2'), ('hosts', 'sqlite_autoindex_hosts_1', '15773883 175266 1'),"
      "('hosts', 'hosts_honeypot_day', '800 9'),"
      "('host_devices', 'host_devices', '16000000 1 1'),"
      "('host_devices', 'host_devices_device', '11000000 95'),"
      "('verdicts', NULL, '15773883'), ('sightings', 'sightings_ip', '10825416 2'),"
      "('sightings', 'sightings_day', '10825416 120283'),"
      "('sightings', 'sqlite_autoindex_sightings_1', '10825416 94 2 1'),"
      "('devices', 'devices_shared', '1139 1'), ('devices', 'devices_model_number', '115826 14479'),"
      "('devices', 'devices_model', '115826 14479'), ('devices', 'devices_mac', '115825 1'),"
      "('devices', 'sqlite_autoindex_devices_1', '115826 1');"
      "ANALYZE sqlite_schema;");
}

void check_plan(const std::string& plan) {
  INFO(plan);
  for (const char* table : {"hosts", "sources", "sightings"}) {
    CHECK(plan.find(std::string("SCAN ") + table + "\n") == std::string::npos);
    CHECK(plan.find(std::string("SCAN ") + table + " ") == std::string::npos);
  }
  CHECK(plan.find("AUTOMATIC") == std::string::npos);
}

}  // namespace

TEST_CASE("report plans: indexed by day or by device, never a whole-table scan", "[db][report][plan]") {
  store s{":memory:"};
  fill_report_store(s);
  auto& db = s.db();
  use_benchmark_statistics(db);
  const auto queries = summary_queries();
  REQUIRE(queries.size() == 4);
  for (const auto& sql : queries) check_plan(plan_of(db, sql));
  CHECK(plan_of(db, queries[0]).find("SEARCH sources USING COVERING INDEX sources_day (day=?)") != std::string::npos);
  CHECK(plan_of(db, queries[1]).find("SEARCH h USING INDEX hosts_day_family (day=?)") != std::string::npos);
  CHECK(plan_of(db, queries[2]).find("devices_shared") != std::string::npos);
  CHECK(plan_of(db, queries[1]).find("SEARCH hd USING PRIMARY KEY (host_id=?)") != std::string::npos);
  const auto seen = plan_of(db, devices_seen_sql());
  check_plan(seen);
  CHECK(seen.find("SEARCH s USING COVERING INDEX sqlite_autoindex_sightings_1 (device_id=? AND day>? AND day<?)") !=
        std::string::npos);
  CHECK(seen.find("SEARCH h USING INDEX hosts_ip (ip=?)") != std::string::npos);
  for (const char* table : {"report_days", "report_family_days", "report_firmware_days", "report_day_stamps"}) {
    const auto read = plan_of(db, std::string("SELECT * FROM ") + table + " WHERE day BETWEEN ?1 AND ?2");
    INFO(read);
    CHECK(read.find(std::string("SEARCH ") + table + " USING PRIMARY KEY (day>? AND day<?)") != std::string::npos);
  }
}
