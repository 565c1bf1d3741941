// The researcher queries: lookup ip / uuid / model, export, and reading while another
// connection holds the write transaction (WAL + busy_timeout).
#include "db/lookup.hpp"
#include "db/store.hpp"
#include "hosts.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {
void fill(store& s) {
  const auto r1 = s.open_run("day1.csv", "2021-05-27", "h", false).run.id;
  const auto r2 = s.open_run("day2.csv", "2021-05-28", "h", false).run.id;
  REQUIRE(s.add_host(r1, make_host("127.5.0.1", {{52869, picsdesc_default, "0", "IGD"},
                                                {52881, wps_udn(1), "S1", "LAN-W300N/DR"}})).ok());
  REQUIRE(s.add_host(r2, make_host("127.5.0.2", {{52881, wps_udn(1), "S1", "LAN-W300N/DR"}})).ok());
  REQUIRE(s.add_host(r2, make_host("127.5.0.1", {{52881, wps_udn(2), "S2", "LAN-WH300N/DR"}})).ok());
  REQUIRE(s.add_host(r2, make_host("127.5.0.3", {{80, "uuid:11111111-2222-3333-4444-555555555555",
                                                "X", "HG532e"}}, "huawei-hg532", "EG")).ok());
  REQUIRE(s.flush().ok());
}
}  // namespace

TEST_CASE("lookup ip lists every run with its verdict, device and UDNs", "[db][lookup]") {
  store s{":memory:"};
  fill(s);
  const auto r = lookup_ip(s.db(), "127.5.0.1");
  REQUIRE(r.hosts.size() == 2);
  const auto& first = r.hosts[0];
  CHECK(first.day == "2021-05-27");
  CHECK(first.input == "day1.csv");
  CHECK(first.family == "logitec-router");
  REQUIRE(first.device);
  CHECK(first.device->udn == wps_udn(1));
  CHECK(first.device->shared == false);
  CHECK(first.udns.size() == 2);  // the shared picsdesc UDN is evidence, not the key
  CHECK(first.probes.size() == 3);
  CHECK(first.probes[1].server == "OS 1.0 UPnP/1.0 Realtek/V1.3");
  REQUIRE(r.hosts[1].device);
  CHECK(r.hosts[1].device->udn == wps_udn(2));  // another device took the address
  CHECK(lookup_ip(s.db(), "127.9.9.9").hosts.empty());
}

TEST_CASE("lookup uuid accepts any spelling and shows the timeline", "[db][lookup]") {
  store s{":memory:"};
  fill(s);
  std::string shouted = wps_udn(1);
  for (auto& ch : shouted) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const auto r = lookup_uuid(s.db(), "  " + shouted + " ");
  REQUIRE(r.found == true);
  CHECK(r.serial_number == "S1");
  CHECK(r.model_name == "LAN-W300N/DR");
  REQUIRE(r.timeline.size() == 2);
  CHECK(r.timeline[0].ip == "127.5.0.1");
  CHECK(r.timeline[1].ip == "127.5.0.2");
  CHECK(r.timeline[1].day == "2021-05-28");
  CHECK(lookup_uuid(s.db(), "uuid:00000000-0000-0000-0000-000000000000").found == false);
}

TEST_CASE("lookup model matches model names and numbers with PCRE2", "[db][lookup]") {
  store s{":memory:"};
  fill(s);
  auto r = lookup_model(s.db(), "^LAN-W(H)?300N", 100);
  REQUIRE(r.devices.size() == 2);
  CHECK(r.truncated == false);
  r = lookup_model(s.db(), "HG532", 100);
  REQUIRE(r.devices.size() == 1);
  CHECK(r.devices[0].family == "huawei-hg532");
  r = lookup_model(s.db(), "LAN", 1);
  CHECK(r.devices.size() == 1);
  CHECK(r.truncated == true);
  CHECK(lookup_model(s.db(), "nothing-like-this", 100).devices.empty());
  const auto bad = lookup_model(s.db(), "(", 100);
  REQUIRE(bad.status != lookup_status::ok);
  CHECK(bad.detail.find("parenthesis") != std::string::npos);
}

TEST_CASE("export writes one row per stored host", "[db][lookup]") {
  store s{":memory:"};
  fill(s);
  std::vector<export_row> rows;
  std::string error;
  REQUIRE(export_hosts(s.db(), std::nullopt, [&](const export_row& r) { rows.push_back(r); }, error));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].day == "2021-05-27");
  CHECK(rows[0].mac == "00:a0:b0:00:00:01");
  rows.clear();
  REQUIRE(export_hosts(s.db(), std::string("2021-05-28"), [&](const export_row& r) { rows.push_back(r); }, error));
  CHECK(rows.size() == 3);
  CHECK(rows[2].country == "EG");
}

TEST_CASE("a reader answers while a writer holds the write transaction", "[db][lookup]") {
  const std::string path = std::string(IOTPROBE_BINARY_DIR) + "/db_tests_concurrent.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  {
    store_options options;
    options.hosts_per_commit = 1000;
    options.max_commit_delay = std::chrono::hours{1};
    store writer{path, options};
    fill(writer);  // committed
    const auto r3 = writer.open_run("day3.csv", "2021-05-29", "h", false).run.id;
    REQUIRE(writer.add_host(r3, make_host("127.5.0.9", {{52881, wps_udn(9)}})).ok());  // open batch
    // A reader blocked by the open write transaction would fail (SQLITE_BUSY), not answer.
    database reader = open_reader(path);
    const auto r = lookup_ip(reader, "127.5.0.1");
    const auto model = lookup_model(reader, "LAN", 100);
    CHECK(r.hosts.size() == 2);
    CHECK(model.devices.size() == 2);
    CHECK(lookup_ip(reader, "127.5.0.9").hosts.empty());  // not committed yet
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}
