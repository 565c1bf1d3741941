// The store's run bookkeeping and the commit contract: resume by (input, day, config
// hash), refusal on a changed config, and "a host's results and progress commit
// together", checked by killing a writer process mid-batch.
#include "db/store.hpp"
#include "hosts.hpp"
#include "killed_writer.hpp"
#include "scalar.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace iotprobe::db;
using iotprobe::testing::make_host;
using iotprobe::testing::wps_udn;
using iotprobe::testing::temp_db;
using iotprobe::testing::scalar;
using iotprobe::testing::write_then_die;

TEST_CASE("runs resume on the same input, day and config hash", "[db][store]") {
  store s{":memory:"};
  auto first = s.open_run("in.csv", "2021-05-27", "hash-a", false);
  CHECK(first.outcome == run_outcome::created);
  CHECK(first.run.state == "running");
  auto again = s.open_run("in.csv", "2021-05-27", "hash-a", false);
  CHECK(again.outcome == run_outcome::resumed);
  CHECK(again.run.id == first.run.id);
  auto other_day = s.open_run("in.csv", "2021-05-28", "hash-a", false);
  CHECK(other_day.outcome == run_outcome::created);
  CHECK(other_day.run.id != first.run.id);

  auto changed = s.open_run("in.csv", "2021-05-27", "hash-b", false);
  CHECK(changed.outcome == run_outcome::config_changed);
  REQUIRE(changed.previous);
  CHECK(changed.previous->config_hash == "hash-a");
  auto forced = s.open_run("in.csv", "2021-05-27", "hash-b", true);
  CHECK(forced.outcome == run_outcome::created);
  CHECK(forced.run.config_hash == "hash-b");
  // The latest run for (input, day) now has hash-b, so hash-b resumes it.
  CHECK(s.open_run("in.csv", "2021-05-27", "hash-b", false).run.id == forced.run.id);
}

TEST_CASE("a host is stored once with its responses, descriptions and progress", "[db][store]") {
  store s{":memory:"};
  const auto run = s.open_run("in.csv", "2021-05-27", "h", false).run;
  auto host = make_host("127.1.0.1", {{52881, wps_udn(1), "SN1"}});
  REQUIRE(s.add_host(run.id, host).ok());
  REQUIRE(s.add_host(run.id, host).ok());  // a second hand-off is ignored
  REQUIRE(s.flush().ok());
  auto& db = s.db();
  CHECK(scalar(db, "SELECT count(*) FROM hosts") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM responses") == 2);
  CHECK(scalar(db, "SELECT count(*) FROM descriptions") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM verdicts") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM progress") == 3);  // get_root, description, host
  CHECK(scalar(db, "SELECT count(*) FROM sightings") == 1);
  CHECK(scalar(db, "SELECT http_status FROM responses WHERE probe = 'description'") == 200);
  CHECK(s.finished_targets(run.id) == std::unordered_set<std::string>{"127.1.0.1"});
  REQUIRE(s.finish_run(run.id, true, 5, 1).ok());
  const auto done = s.run(run.id);
  REQUIRE(done);
  CHECK(done->state == "finished");
  CHECK(done->hosts_done == 1);
  CHECK(done->hosts_open == 1);
  CHECK(done->hosts_identified == 1);
  CHECK(done->targets == 5);
  CHECK(done->refused == 1);
}

TEST_CASE("raw bytes are capped and the body hashed", "[db][store]") {
  store_options options;
  options.raw_cap = 10;
  store s{":memory:", options};
  const auto run = s.open_run("in.csv", "2021-05-27", "h", false).run;
  auto host = make_host("127.1.0.2", {{52881, wps_udn(2)}});
  host.probes[1].raw = std::string(100, 'x');
  host.probes[1].http->body = "abc";
  REQUIRE(s.add_host(run.id, host).ok());
  REQUIRE(s.flush().ok());
  CHECK(scalar(s.db(), "SELECT length(raw) FROM responses WHERE seq = 1") == 10);
  CHECK(scalar(s.db(), "SELECT raw_bytes FROM responses WHERE seq = 1") == 100);
  statement q{s.db(), "SELECT body_sha256 FROM responses WHERE seq = 1"};
  cursor c = q.open();
  REQUIRE(c.next());
  CHECK(c.text(0) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a writer killed mid-batch leaves only whole hosts", "[db][store]") {
  temp_db file{"db_tests_killed.db"};
  std::int64_t run_id = 0;
  {
    store s{file.path};
    run_id = s.open_run("in.csv", "2021-05-27", "h", false).run.id;
  }
  write_then_die(file.path, [run_id](store& s) {
    for (int i = 0; i < 10; ++i) {
      (void)s.add_host(run_id, make_host("127.1.1." + std::to_string(i), {{52881, wps_udn(100 + i)}}));
    }
  });
  store s{file.path};
  auto& db = s.db();
  CHECK(s.finished_targets(run_id).size() == 8);  // two full batches of four
  CHECK(scalar(db, "SELECT count(*) FROM hosts") == 8);
  CHECK(scalar(db, "SELECT count(*) FROM sightings") == 8);
  CHECK(scalar(db, "SELECT count(*) FROM hosts h WHERE NOT EXISTS (SELECT 1 FROM progress p "
                   "WHERE p.run_id = h.run_id AND p.ip = h.ip AND p.probe = 'host')") == 0);
  CHECK(scalar(db, "SELECT hosts_done FROM runs") == 8);
}
