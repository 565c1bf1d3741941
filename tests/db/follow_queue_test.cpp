// follow's durable queue (schema v7): a queued source is paged in order, leaves the queue
// only in the savepoint that stores its host (a failing hand-off keeps both undone), is
// known to the day's run once recorded, counts re-sightings, and can be marked a scanner;
// hosts carry the darknet first-seen time and the lag.
#include "db/follow_queue.hpp"
#include "db/store.hpp"
#include "hosts.hpp"
#include "scalar.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using iotprobe::testing::make_host;
using iotprobe::testing::scalar;

namespace {

// A source row as follow records a first sighting at 00:00:01.
source_row seen_once(const std::string& ip) {
  source_row row;
  row.ip = ip;
  row.tag = "mirai";
  row.counts.first_seen = row.counts.last_seen = "2021-05-27T00:00:01.000Z";
  row.counts.mirai_syns = 1;
  return row;
}

}  // namespace

TEST_CASE("follow_queue: queued, paged, and removed with the host that stores it", "[db][follow]") {
  store s{":memory:"};
  const auto run = s.open_run("follow:pcap:-", "2021-05-27", "h", false).run.id;
  follow_queue q(s.db());
  for (const char* ip : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) {
    CHECK(s.add_source(run, seen_once(ip)).ok());
    CHECK(q.enqueue({0, run, ip, "2021-05-27T00:00:01.000Z", std::string("JP"), std::string("mirai")}).ok());
  }
  CHECK(q.enqueue({0, run, "192.0.2.1", "2021-05-27T00:00:09.000Z", {}, {}}).ok());  // ignored
  CHECK(s.flush().ok());
  status st;
  auto page = q.page(0, 2, st);
  REQUIRE(page.size() == 2);
  CHECK(page[0].ip == "192.0.2.1");
  CHECK(page[0].first_seen == "2021-05-27T00:00:01.000Z");
  CHECK(q.page(page[1].seq, 10, st).size() == 1);
  CHECK(q.size(st) == 3);

  auto host = make_host("192.0.2.1", {});
  host.first_seen = host.started - std::chrono::seconds(3);
  CHECK(s.add_host(run, host, [&] { return q.remove(run, host.ip); }).ok());
  CHECK(s.flush().ok());
  CHECK(q.size(st) == 2);
  CHECK(scalar(s.db(), "SELECT lag_s FROM hosts WHERE ip = '192.0.2.1'") == 3);
  CHECK(scalar(s.db(), "SELECT count(*) FROM hosts WHERE first_seen = '2021-05-26T23:59:57.000Z'") == 1);

  // A hand-off whose dequeue fails rolls the host back too: nothing half-written.
  auto second = make_host("192.0.2.2", {});
  CHECK_FALSE(s.add_host(run, second, [] { return status{1, "injected"}; }).ok());
  CHECK(s.flush().ok());
  CHECK(scalar(s.db(), "SELECT count(*) FROM hosts WHERE ip = '192.0.2.2'") == 0);
  CHECK(q.size(st) == 2);
}

TEST_CASE("follow_queue: sightings, scanners, recent probes and run totals", "[db][follow]") {
  store s{":memory:"};
  const auto run = s.open_run("follow:pcap:-", "2021-05-27", "h", false).run.id;
  follow_queue q(s.db());
  status st;
  CHECK_FALSE(q.known(run, "192.0.2.1", st));
  CHECK(s.add_source(run, seen_once("192.0.2.1")).ok());
  CHECK(q.enqueue({0, run, "192.0.2.1", "2021-05-27T00:00:01.000Z", {}, {}}).ok());
  CHECK(q.known(run, "192.0.2.1", st));
  CHECK(q.count_sighting(run, "192.0.2.1", "2021-05-27T00:05:00.000Z").ok());
  CHECK(scalar(s.db(), "SELECT mirai_syns FROM sources WHERE ip = '192.0.2.1'") == 2);
  CHECK(q.probed_since("192.0.2.1", "2021-05-27T00:00:00.000Z", st));  // queued: pending
  CHECK(q.mark_scanner(run, "192.0.2.1").ok());
  CHECK(q.size(st) == 0);
  CHECK(scalar(s.db(), "SELECT count(*) FROM sources WHERE admission = 'scanner'") == 1);
  CHECK_FALSE(q.probed_since("192.0.2.1", "2021-05-27T00:00:00.000Z", st));
  CHECK(s.add_host(run, make_host("192.0.2.9", {})).ok());
  CHECK(q.probed_since("192.0.2.9", "2021-05-27T00:00:00.000Z", st));
  CHECK_FALSE(q.probed_since("192.0.2.9", "2021-05-28T00:00:00.000Z", st));
  CHECK(s.add_source(run, seen_once("192.0.2.9")).ok());
  const auto totals = q.totals(run, st);
  CHECK(totals.admitted == 1);
  CHECK(totals.refused == 1);
}
