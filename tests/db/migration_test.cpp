// Schema migration: a v1 database (written by the v1 step alone) is migrated to the
// current version with its rows kept and the v2 backfill applied; newer is refused.
#include "db/schema.hpp"
#include "db/store.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

using namespace iotprobe::db;

using iotprobe::testing::temp_db;

TEST_CASE("a fresh database is created at the current schema version", "[db][migration]") {
  database db{":memory:"};
  CHECK(db.user_version() == 0);
  migrate(db);
  CHECK(db.user_version() == schema_version);
  CHECK(schema_version == 8);
  migrate(db);  // idempotent
  CHECK(db.user_version() == schema_version);
}

TEST_CASE("a v1 database migrates to the current version and keeps its rows", "[db][migration]") {
  temp_db file{"db_tests_migrate_v1.db"};
  {
    database db{file.path};
    migrate(db, 1);
    REQUIRE(db.user_version() == 1);
    db.exec_or_throw(
        "INSERT INTO devices(udn, first_day, last_day) VALUES"
        "('uuid:63041253-1019-2006-1228-00e04c8196a1', '2021-05-27', '2021-05-28'),"
        "('uuid:12342409-1234-1234-5678-ee1234cc5678', '2021-05-27', '2021-05-27');");
    CHECK_FALSE(db.exec("SELECT mac FROM devices").ok());  // v1 has no mac column
  }
  store s{file.path};  // opening the store migrates
  CHECK(s.db().user_version() == schema_version);
  statement q{s.db(), "SELECT udn, mac, first_day, last_day FROM devices ORDER BY udn"};
  cursor c = q.open();
  REQUIRE(c.next());
  CHECK(c.text(0) == "uuid:12342409-1234-1234-5678-ee1234cc5678");
  CHECK(c.is_null(1));
  REQUIRE(c.next());
  CHECK(c.text(0) == "uuid:63041253-1019-2006-1228-00e04c8196a1");
  CHECK(c.text(1) == "00:e0:4c:81:96:a1");
  CHECK(c.text(2) == "2021-05-27");
  CHECK(c.text(3) == "2021-05-28");
  CHECK_FALSE(c.next());
}

TEST_CASE("a database newer than this binary is refused", "[db][migration]") {
  database db{":memory:"};
  db.exec_or_throw("PRAGMA user_version = 99");
  CHECK_THROWS_WITH(migrate(db), Catch::Contains("newer than this iotprobe"));
}

TEST_CASE("schema v4 keeps v3 rows: each stored host becomes one host device "
          "(issue 11 case 1)", "[db][migration][issue11]") {
  temp_db file{"db_tests_migrate_v3.db"};
  {
    database db{file.path};
    migrate(db, 3);
    db.exec_or_throw(
        "INSERT INTO runs(id, input, day, config_hash, started_at, state) "
        "VALUES(1, 'in', '2021-05-27', 'h', '2021-05-27T00:00:00.000Z', 'finished');"
        "INSERT INTO devices(id, udn, shared, shared_reason, first_day, last_day) VALUES"
        "(1, 'uuid:63041253-1019-2006-1228-00e04c8196a1', 1, 'multi_address', '2021-05-27', '2021-05-27');"
        "INSERT INTO hosts(id, run_id, ip, day, open, family, device_id) VALUES"
        "(1, 1, '127.9.0.1', '2021-05-27', 1, 'logitec-router', 1),"
        "(2, 1, '127.9.0.2', '2021-05-27', 1, NULL, NULL);"
        "INSERT INTO verdicts(host_id, family, vendor, certainty, evidence, conflicts) VALUES"
        "(1, 'logitec-router', 'Logitec', 0.9, '[]', '[\"wificam (0.90)\"]');"
        "INSERT INTO sightings(device_id, ip, day, first_seen, last_seen, run_id) VALUES"
        "(1, '127.9.0.1', '2021-05-27', 't', 't', 1);");
  }
  store s{file.path};  // migrates, then re-derives the keys under today's rules
  CHECK(s.db().user_version() == schema_version);
  statement q{s.db(), "SELECT host_id, seq, coalesce(family, ''), coalesce(vendor, ''), "
                      "certainty, conflicts, coalesce(device_id, 0) FROM host_devices ORDER BY host_id"};
  cursor c = q.open();
  REQUIRE(c.next());
  CHECK(c.int64(0) == 1);
  CHECK(c.int64(1) == 0);
  CHECK(c.text(2) == "logitec-router");
  CHECK(c.text(3) == "Logitec");
  CHECK(c.real(4) == Approx(0.9));
  CHECK(c.text(5) == "[\"wificam (0.90)\"]");
  CHECK(c.int64(6) == 1);
  REQUIRE(c.next());
  CHECK(c.int64(0) == 2);
  CHECK(c.text(2).empty());
  CHECK_FALSE(c.next());
  // Two addresses in one window no longer make a clone: the old verdict was re-derived.
  const auto& rebuilt = s.rebuild_at_open();
  REQUIRE(rebuilt.changed.size() == 1);
  CHECK_FALSE(rebuilt.changed[0].now.shared);
  CHECK(rebuilt.changed[0].days == std::vector<std::string>{"2021-05-27"});
}
