// The `sources` table: batch records every darknet input row (admitted, refused, resumed)
// in the batch transactions that hold the hosts, so a kill -9 keeps rows and hosts in step;
// runs stored before the table existed get their probed hosts back as admitted sources.
#include "db/schema.hpp"
#include "db/store.hpp"
#include "hosts.hpp"
#include "killed_writer.hpp"
#include "scalar.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

TEST_CASE("sources: one row per input address and run, refusals named, counters kept", "[db][sources]") {
  store s{":memory:"};
  const auto run = s.open_run("in.csv", "2021-05-27", "h", false).run.id;
  source_counts counts{"2021-05-27T01:02:03Z", "2021-05-27T04:05:06Z", 42, std::nullopt, 2};
  REQUIRE(s.add_source(run, {"127.4.0.1", "JP", "mirai", counts}).ok());
  REQUIRE(s.add_source(run, {"127.4.0.1", "TW", "other", {}}).ok());  // a duplicate keeps the first
  REQUIRE(s.add_source(run, {"192.0.2.3", std::nullopt, std::nullopt, {}}).ok());
  REQUIRE(s.refuse_source(run, "192.0.2.3", "blocklist").ok());
  REQUIRE(s.refuse_source(run, "127.4.0.1", "duplicate").ok());  // never un-admits the first row
  REQUIRE(s.flush().ok());
  auto& db = s.db();
  CHECK(scalar(db, "SELECT count(*) FROM sources") == 2);
  CHECK(scalar(db, "SELECT count(*) FROM sources WHERE ip = '127.4.0.1' AND admission = 'accepted' "
                   "AND country = 'JP' AND tag = 'mirai' AND mirai_syns = 42 AND dst_ports = 2 "
                   "AND mirai_dsts IS NULL AND first_seen = '2021-05-27T01:02:03Z' "
                   "AND day = '2021-05-27'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM sources WHERE ip = '192.0.2.3' AND admission = 'blocklist' "
                   "AND country IS NULL") == 1);
}

TEST_CASE("sources: a writer killed mid-batch keeps input rows and hosts in step", "[db][sources]") {
  temp_db file{"db_tests_sources_killed.db"};
  std::int64_t run_id = 0;
  {
    store s{file.path};
    run_id = s.open_run("in.csv", "2021-05-27", "h", false).run.id;
  }
  write_then_die(file.path, [run_id](store& s) {
    for (int i = 0; i < 10; ++i) {
      const std::string ip = "127.1.2." + std::to_string(i), refused = "10.9.9." + std::to_string(i);
      (void)s.add_source(run_id, {refused, std::nullopt, std::nullopt, {}});
      (void)s.refuse_source(run_id, refused, "blocklist");
      (void)s.add_source(run_id, {ip, "JP", "mirai", {}});
      (void)s.add_host(run_id, make_host(ip, {{52881, wps_udn(200 + i)}}));
    }
  });
  store s{file.path};
  auto& db = s.db();
  CHECK(scalar(db, "SELECT count(*) FROM hosts") == 8);  // two full batches of four
  CHECK(scalar(db, "SELECT count(*) FROM sources WHERE admission = 'accepted'") == 8);
  CHECK(scalar(db, "SELECT count(*) FROM sources WHERE admission = 'blocklist'") == 8);
  CHECK(scalar(db, "SELECT count(*) FROM sources WHERE admission = 'accepted' AND ip NOT IN "
                   "(SELECT ip FROM hosts)") == 0);
}

TEST_CASE("sources: migrating a store backfills its probed hosts as admitted sources", "[db][sources]") {
  temp_db file{"db_tests_sources_migrate.db"};
  {
    database db{file.path};
    migrate(db, 3);
    db.exec_or_throw(
        "INSERT INTO runs(id, input, day, config_hash, started_at, state) "
        "VALUES(1, 'in.csv', '2021-05-27', 'h', '2021-05-27T00:00:00Z', 'finished');"
        "INSERT INTO hosts(run_id, ip, day, country, tag, open) VALUES"
        "(1, '127.5.0.1', '2021-05-27', 'JP', 'mirai', 1), (1, '127.5.0.2', '2021-05-27', NULL, NULL, 0);");
  }
  store s{file.path};
  auto& db = s.db();
  CHECK(db.user_version() == schema_version);
  CHECK(scalar(db, "SELECT count(*) FROM sources WHERE admission = 'accepted' AND day = '2021-05-27' "
                   "AND run_id = 1") == 2);
  CHECK(scalar(db, "SELECT count(*) FROM sources WHERE ip = '127.5.0.1' AND country = 'JP' "
                   "AND tag = 'mirai'") == 1);
}
