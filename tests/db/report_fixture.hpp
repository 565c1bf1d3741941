// A two-day store for the report tests, written through db::store as `batch` writes it:
// input rows (admitted, refused, silent, never probed), devices moving within a day across
// two runs, a shared default UDN, a camera without UPnP in another country, a version
// string. The expected numbers are in report_test.cpp, next to their checks.
#pragma once

#include "db/report.hpp"
#include "db/store.hpp"
#include "hosts.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace iotprobe::testing {

inline db::report_filter period(const std::string& from, const std::string& to) {
  db::report_filter f;
  f.from = from;
  f.to = to;
  return f;
}

inline void add_sources(db::store& s, std::int64_t run, const std::vector<std::string>& ips,
                        const std::string& country = "JP") {
  for (const auto& ip : ips) REQUIRE(s.add_source(run, {ip, country, "mirai", {}}).ok());
}

// Hosts (and their input rows) of one run, then the run finished.
inline void add_run(db::store& s, std::int64_t run, const std::vector<parsers::host_result>& hosts) {
  for (const auto& h : hosts) {
    REQUIRE(s.add_source(run, {h.ip, h.country, "mirai", {}}).ok());
    REQUIRE(s.add_host(run, h).ok());
  }
}

// Day 1 (one run): a, b, c on .0.1-.0.3, the shared default on .0.9, .0.50 silent, .0.77
// admitted but never probed, 192.0.2.1 and "bad" refused. Day 2 (two runs, epochs): a on .1.1
// then .1.2, b on .0.2 in both runs, d with the default beside it on .1.4, the default alone
// on .1.9, a wificam in TW on .1.20 with a version string, .1.30 silent.
inline void fill_report_store(db::store& s) {
  const auto a = wps_udn(1), b = wps_udn(2), c = wps_udn(3), d = wps_udn(4);
  const auto r1 = s.open_run("day1", "2021-05-27", "h", false).run.id;
  add_run(s, r1, {make_host("127.3.0.1", {{52881, a}}), make_host("127.3.0.2", {{52881, b}}),
                  make_host("127.3.0.3", {{52881, c}}), make_host("127.3.0.9", {{52869, picsdesc_default}}),
                  make_host("127.3.0.50", {}, std::nullopt)});
  add_sources(s, r1, {"127.3.0.77", "192.0.2.1", "bad"});
  REQUIRE(s.refuse_source(r1, "192.0.2.1", "blocklist").ok());
  REQUIRE(s.refuse_source(r1, "bad", "bad_address").ok());
  REQUIRE(s.finish_run(r1, true, 6, 2).ok());

  const auto r2a = s.open_run("day2-epoch0", "2021-05-28", "h", false).run.id;
  auto camera = make_host("127.3.1.20", {}, "wificam", "TW");
  camera.verdict.version = camera.verdict.devices.at(0).version = "V9.1";  // host_devices.version
  add_run(s, r2a, {make_host("127.3.1.1", {{52881, a}}), make_host("127.3.0.2", {{52881, b}}),
                   make_host("127.3.1.4", {{52869, picsdesc_default}, {52881, d}}),
                   make_host("127.3.1.9", {{52869, picsdesc_default}}), camera,
                   make_host("127.3.1.30", {}, std::nullopt)});
  REQUIRE(s.finish_run(r2a, true, 6, 0).ok());
  const auto r2b = s.open_run("day2-epoch1", "2021-05-28", "h", false).run.id;
  add_run(s, r2b, {make_host("127.3.1.2", {{52881, a}}), make_host("127.3.0.2", {{52881, b}})});
  REQUIRE(s.finish_run(r2b, true, 2, 0).ok());
}

}  // namespace iotprobe::testing
