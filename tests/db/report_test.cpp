// The report's numbers on a hand-made two-day store (report_fixture.hpp): the funnel from
// the darknet input (refused and silent sources included) to unique devices, distinct
// across a day's runs; per family; the country and family filters; cumulative devices,
// models, firmware and countries; churn's rows as churn computes them.
#include "db/report.hpp"
#include "report_fixture.hpp"

#include <catch2/catch.hpp>

using namespace iotprobe::db;
using namespace iotprobe::testing;

namespace {

report_data report(store& s, report_filter f = {}) {
  if (f.from.empty()) f.from = "2021-05-27";
  if (f.to.empty()) f.to = "2021-05-28";
  return build_report(s.db(), f);
}

const funnel_family_day& family_row(const report_data& r, const std::string& day, const std::string& family) {
  for (const auto& f : r.family_funnel)
    if (f.day == day && f.family == family) return f;
  FAIL("no family row " << day << " " << family);
  return r.family_funnel.front();
}

}  // namespace

TEST_CASE("report: the daily funnel counts the input, refused and silent sources included", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  const auto r = report(s);
  REQUIRE(r.days == std::vector<std::string>{"2021-05-27", "2021-05-28"});
  REQUIRE(r.funnel.size() == 2);
  const auto& d1 = r.funnel[0];
  CHECK(d1.darknet == 8);
  CHECK(d1.admitted == 6);
  CHECK(d1.probed == 5);
  CHECK(d1.open == 4);
  CHECK(d1.identified == 4);
  CHECK(d1.with_udn == 3);
  CHECK(d1.devices == 3);
  CHECK(d1.unattributed == 1);
  // Day 2 had two runs: 127.3.0.2 answered in both and counts once.
  const auto& d2 = r.funnel[1];
  CHECK(d2.darknet == 7);
  CHECK(d2.admitted == 7);
  CHECK(d2.probed == 7);
  CHECK(d2.open == 6);
  CHECK(d2.identified == 6);
  CHECK(d2.with_udn == 4);
  CHECK(d2.devices == 3);
  CHECK(d2.unattributed == 1);
  CHECK(inflation(d2.identified, d2.devices).value() == Approx(2.0));
  CHECK_FALSE(inflation(1, 0));
}

TEST_CASE("report: per family, inflation, and the families ranked by hosts", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  const auto r = report(s);
  CHECK(r.families == std::vector<std::string>{"logitec-router", "wificam"});
  const auto& logitec = family_row(r, "2021-05-28", "logitec-router");
  CHECK(logitec.identified == 5);
  CHECK(logitec.with_udn == 4);
  CHECK(logitec.devices == 3);
  CHECK(logitec.unattributed == 1);
  const auto& camera = family_row(r, "2021-05-28", "wificam");
  CHECK(camera.identified == 1);
  CHECK(camera.devices == 0);
  CHECK(r.focus.size() == 2);  // JP: logitec on both days, no wificam (it is in TW)
  CHECK(r.focus.back().family == "logitec-router");
  CHECK(r.focus.back().identified == 5);
  CHECK(r.focus.back().devices == 3);
}

TEST_CASE("report: cumulative devices, models, firmware and countries", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  const auto r = report(s);
  std::map<std::pair<std::string, std::string>, std::int64_t> cumulative;
  for (const auto& c : r.cumulative) cumulative[{c.day, c.family}] = c.devices;
  CHECK(cumulative[{"2021-05-27", "logitec-router"}] == 3);
  CHECK(cumulative[{"2021-05-28", "logitec-router"}] == 4);  // d is new on day 2
  CHECK(cumulative[{"2021-05-28", "*"}] == 4);
  REQUIRE(r.models.size() == 1);
  CHECK(r.models[0].family == "logitec-router");
  CHECK(r.models[0].value == "LAN-W300N/DR");
  CHECK(r.models[0].count == 4);
  REQUIRE(r.firmware.size() == 1);
  CHECK(r.firmware[0].family == "wificam");
  CHECK(r.firmware[0].value == "V9.1");
  CHECK(r.firmware[0].count == 1);
  REQUIRE(r.countries.size() == 2);
  CHECK(r.countries[0].country == "JP");
  CHECK(r.countries[0].darknet == 14);
  CHECK(r.countries[0].identified == 9);
  CHECK(r.countries[1].country == "TW");
  CHECK(r.countries[1].darknet == 1);
}

TEST_CASE("report: country and family filters", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  report_filter tw;
  tw.country = "TW";
  const auto r = report(s, tw);
  CHECK(r.funnel[0].darknet == 0);
  CHECK(r.funnel[1].darknet == 1);
  CHECK(r.funnel[1].identified == 1);
  CHECK(r.funnel[1].devices == 0);
  CHECK(r.families == std::vector<std::string>{"wificam"});
  CHECK(r.models.empty());
  REQUIRE(r.countries.size() == 1);
  CHECK(r.countries[0].country == "TW");

  report_filter logitec;
  logitec.families = {"logitec-router"};
  const auto l = report(s, logitec);
  CHECK(l.funnel[1].darknet == 7);  // the input is not per family
  CHECK(l.funnel[1].identified == 5);
  CHECK(l.funnel[1].devices == 3);
  CHECK(l.families == std::vector<std::string>{"logitec-router"});
  CHECK(l.firmware.empty());
  for (const auto& c : l.churn) CHECK(c.family == "logitec-router");
}

TEST_CASE("report: the churn rows are churn_table's", "[db][report]") {
  store s{":memory:"};
  fill_report_store(s);
  const auto r = report(s);
  auto direct = churn_table(s.db(), {"2021-05-27", "2021-05-28", std::nullopt, std::nullopt, false});
  REQUIRE(r.churn.size() == direct.size());
  for (std::size_t i = 0; i < direct.size(); ++i) {
    CHECK(r.churn[i].day == direct[i].day);
    CHECK(r.churn[i].family == direct[i].family);
    CHECK(r.churn[i].ips == direct[i].ips);
    CHECK(r.churn[i].devices == direct[i].devices);
    CHECK(r.churn[i].new_devices == direct[i].new_devices);
    CHECK(r.churn[i].vanished_devices == direct[i].vanished_devices);
    CHECK(r.churn[i].unattributed_hosts == direct[i].unattributed_hosts);
  }
}

TEST_CASE("report: a bad period is refused", "[db][report]") {
  store s{":memory:"};
  CHECK_THROWS_AS(build_report(s.db(), period("2021-05-28", "2021-05-27")), db_error);
  CHECK_THROWS_AS(build_report(s.db(), period("2021-5-27", "2021-05-28")), db_error);
  const auto empty = build_report(s.db(), period("2021-05-27", "2021-05-27"));
  CHECK(empty.funnel.size() == 1);
  CHECK(empty.funnel[0].darknet == 0);
}

TEST_CASE("report: several devices per host and honeypot-like hosts, as churn counts them", "[db][report]") {
  store s{":memory:"};
  const auto run = s.open_run("day", "2021-06-01", "h", false).run.id;
  auto router = make_host("127.5.0.1", {{52881, wps_udn(7)}});  // a router with a camera behind it
  router.verdict.devices.push_back({"wificam", "WIFICAM", std::nullopt, "V2", 0.8, {81}, {}});
  auto honeypot = make_host("127.5.0.2", {{52881, wps_udn(8)}});
  honeypot.verdict.honeypot_like = true;
  add_run(s, run, {router, honeypot});
  REQUIRE(s.finish_run(run, true, 2, 0).ok());
  const auto r = report(s, period("2021-06-01", "2021-06-01"));
  REQUIRE(r.funnel.size() == 1);
  const auto& day = r.funnel[0];
  CHECK(day.probed == 2);
  CHECK(day.open == 2);
  CHECK(day.identified == 1);  // one address; the honeypot-like one never counts
  CHECK(day.with_udn == 1);
  CHECK(day.devices == 1);
  CHECK(family_row(r, "2021-06-01", "logitec-router").devices == 1);
  CHECK(family_row(r, "2021-06-01", "wificam").identified == 1);
  CHECK(r.firmware.size() == 1);  // the camera's version, from its own device row
  CHECK(r.cumulative.back().devices == 1);  // the honeypot's UDN is no device
  const auto churn = churn_table(s.db(), {"2021-06-01", "2021-06-01", std::nullopt, std::nullopt, false});
  REQUIRE(churn.size() == r.churn.size());
  for (std::size_t i = 0; i < churn.size(); ++i) {
    CHECK(r.churn[i].family == churn[i].family);
    CHECK(r.churn[i].ips == churn[i].ips);
    CHECK(r.churn[i].devices == churn[i].devices);
    CHECK(r.churn[i].honeypot_hosts == churn[i].honeypot_hosts);
  }
  CHECK(r.churn.front().honeypot_hosts == 1);  // the day's total row comes first ("*")
}
