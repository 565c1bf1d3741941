// The store under faults (issue 14): a per-host cap on stored raw bytes, a disk budget that
// fails like a full disk while committed hosts stay, a busy wait a stop ends at once, and
// files that are not a writable database refused at open without being changed.
#include "db/store.hpp"
#include "hosts.hpp"
#include "scalar.hpp"
#include "temp_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

using namespace iotprobe::db;
using iotprobe::testing::make_host;
using iotprobe::testing::scalar;
using iotprobe::testing::temp_db;
using iotprobe::testing::wps_udn;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

iotprobe::parsers::host_result host_with_raw(const std::string& ip, int probes, std::size_t bytes) {
  auto host = make_host(ip, {{52881, wps_udn(7)}});
  const auto model = host.probes.back();
  host.probes.clear();
  for (int k = 0; k < probes; ++k) {
    host.probes.push_back(model);
    host.probes.back().raw = std::string(bytes, static_cast<char>('a' + k));
  }
  return host;
}

}  // namespace

TEST_CASE("stored raw bytes are capped per host, all probes together", "[db][store][faults]") {
  store_options options;
  options.raw_cap = 16 * 1024;
  options.raw_cap_per_host = 40000;
  store s{":memory:", options};
  const auto run = s.open_run("in.csv", "2021-05-27", "h", false).run;
  REQUIRE(s.add_host(run.id, host_with_raw("127.1.0.9", 6, 30000)).ok());
  REQUIRE(s.flush().ok());
  CHECK(scalar(s.db(), "SELECT sum(length(raw)) FROM responses") == 40000);
  CHECK(scalar(s.db(), "SELECT max(length(raw)) FROM responses") == 16 * 1024);
  CHECK(scalar(s.db(), "SELECT sum(raw_bytes) FROM responses") == 6 * 30000);  // true sizes
  CHECK(scalar(s.db(), "SELECT count(*) FROM responses") == 6);                 // every probe kept
}

TEST_CASE("a disk budget fails like a full disk and keeps what was committed", "[db][store][faults]") {
  temp_db file{"store_faults_full.db"};
  store_options options;
  options.hosts_per_commit = 1;
  options.max_bytes = 256 * 1024;
  store s{file.path, options};
  const auto run = s.open_run("in.csv", "2021-05-27", "h", false).run;
  int stored = 0;
  status failure;
  for (int k = 0; k < 200 && failure.ok(); ++k) {
    failure = s.add_host(run.id, host_with_raw("127.2.0." + std::to_string(k + 1), 2, 8000));
    if (failure.ok()) ++stored;
  }
  REQUIRE_FALSE(failure.ok());
  CHECK((failure.code & 0xff) == SQLITE_FULL);
  CHECK(stored > 0);
  CHECK(scalar(s.db(), "SELECT count(*) FROM hosts") == stored);
  CHECK(scalar(s.db(), "SELECT count(*) FROM progress WHERE probe = 'host'") == stored);
}

TEST_CASE("a stop ends a busy wait at once", "[db][store][faults]") {
  temp_db file{"store_faults_busy.db"};
  database holder{file.path};
  bool stop = false;
  store_options options;
  options.busy_timeout_ms = 60000;
  options.interrupted = [&stop] { return stop; };
  store s{file.path, options};
  const auto run = s.open_run("in.csv", "2021-05-27", "h", false).run;
  REQUIRE(holder.exec("BEGIN IMMEDIATE").ok());
  stop = true;
  const auto began = std::chrono::steady_clock::now();
  const status st = s.add_host(run.id, make_host("127.3.0.1", {{52881, wps_udn(3)}}));
  CHECK((st.code & 0xff) == SQLITE_BUSY);
  // Without the interrupt this waits the full 60 s busy timeout.
  CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(30));
  REQUIRE(holder.exec("COMMIT").ok());
  stop = false;
  CHECK(s.add_host(run.id, make_host("127.3.0.1", {{52881, wps_udn(3)}})).ok());
}

TEST_CASE("a file that is not a database is refused at open and left as it is", "[db][store][faults]") {
  temp_db file{"store_faults_garbage.db"};
  const std::string garbage(8192, '\x5a');
  std::ofstream(file.path, std::ios::binary) << garbage;
  try {
    store s{file.path};
    FAIL("a garbage file was opened as a store");
  } catch (const db_error& e) {
    CHECK_THAT(e.what(), Catch::Contains(file.path) && Catch::Contains("not a database"));
  }
  CHECK(file_bytes(file.path) == garbage);
}
