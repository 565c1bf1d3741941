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
  CHECK(schema_version == 3);
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
