// Unit tests of the fleet generator: determinism, address rules, churn and intraday rates
// within tolerance, infection and the written files. No sockets.
#include "fleet.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

using namespace iotprobe::mock;

namespace {

const std::map<std::string, persona>& personas() {
  static const auto all = load_personas(default_personas_dir());
  return all;
}

std::filesystem::path mix_file(const char* name) {
  return std::filesystem::path(IOTPROBE_MOCK_MIXES_DIR) / name;
}

std::vector<std::vector<manifest_row>> run(const fleet_options& opt, const char* mix = "default.mix") {
  std::vector<std::vector<manifest_row>> days;
  generate_fleet(opt, personas(), load_mix(mix_file(mix), personas()),
                 [&](int, const std::vector<manifest_row>& rows) { days.push_back(rows); });
  return days;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the same seed gives the same fleet; another seed another", "[mock][fleet]") {
  fleet_options opt;
  opt.devices = 2000;
  opt.days = 3;
  opt.seed = 7;
  auto a = run(opt), b = run(opt);
  REQUIRE(a.size() == 3);
  for (int d = 0; d < 3; ++d) {
    REQUIRE(a[d].size() == b[d].size());
    for (std::size_t i = 0; i < a[d].size(); ++i) CHECK(manifest_json(a[d][i]) == manifest_json(b[d][i]));
  }
  opt.seed = 8;
  auto c = run(opt);
  CHECK(manifest_json(c[0][0]) != manifest_json(a[0][0]));
  // Days follow --start-day.
  CHECK(a[0].front().day == "2021-05-27");
  CHECK(a[2].front().day == "2021-05-29");
}

TEST_CASE("a seed gives the same fleet on every standard library (pinned values)", "[mock][fleet]") {
  auto mix = std::filesystem::temp_directory_path() / fmt::format("{}.{}", "iotprobe_pinned.mix", ::getpid());
  std::ofstream(mix) << "logitec_router 1 JP:1\nwificam 1 CN:0.5 VN:0.5\n";
  fleet_options opt;
  opt.devices = 10;
  opt.days = 2;
  opt.seed = 2021;
  std::vector<std::vector<manifest_row>> days;
  generate_fleet(opt, personas(), load_mix(mix, personas()),
                 [&](int, const std::vector<manifest_row>& rows) { days.push_back(rows); });
  std::filesystem::remove(mix);  // read once: no file is left in the temp directory
  REQUIRE(days.size() == 2);
  REQUIRE_FALSE(days[1].empty());
  const manifest_row& r = days[1].front();
  // If these change, fleets written from old seeds can no longer be reproduced: say so.
  CHECK(manifest_json(r) ==
        R"({"day":"2021-05-28","ip":"127.49.182.236","device_id":0,"family":"logitec-router",)"
        R"("persona":"logitec_router","uuid":"uuid:63041253-1019-2006-1228-00018e20bbeb",)"
        R"("uuid_raw":"uuid:63041253-1019-2006-1228-00018e20bbeb","shared_udn":false,)"
        R"("mac":"00:01:8e:20:bb:eb","model":"LAN-W300N/DR","serial":"314903417628",)"
        R"("lan_ip":"192.0.2.201","epoch":0,"epoch_last":3,"infected":true,"country":"JP",)"
        R"("behind":[]})");
}

TEST_CASE("addresses are loopback, outside 127.0.0.0/24, unique per day", "[mock][fleet]") {
  fleet_options opt;
  opt.devices = 5000;
  opt.days = 3;
  opt.intraday_share = 0.2;
  for (const auto& rows : run(opt)) {
    std::set<std::string> seen;
    for (const auto& r : rows) {
      std::uint32_t a = 0;
      REQUIRE(parse_ipv4(r.ip, a));
      CHECK((a >> 24) == 127);
      CHECK((a >> 8) != (127u << 16));  // not 127.0.0.x
      CHECK((a & 0xff) != 0);
      CHECK((a & 0xff) != 255);
      CHECK(seen.insert(r.ip).second);
      CHECK(r.epoch <= r.epoch_last);
      CHECK(r.epoch_last < opt.epochs);
    }
  }
}

TEST_CASE("daily churn and intraday moves happen at the configured rates", "[mock][fleet]") {
  fleet_options opt;
  opt.devices = 20000;
  opt.days = 3;
  opt.churn = 0.2;
  opt.intraday_share = 0.1;
  opt.appear_share = 0;
  opt.vanish_share = 0;
  auto days = run(opt, "benign.mix");
  std::unordered_map<std::uint64_t, std::string> last_ip;  // device -> its address at the last epoch
  std::unordered_map<std::uint64_t, int> rows_per_device;
  for (const auto& r : days[0]) last_ip[r.device_id] = r.ip;
  std::size_t both = 0, moved = 0;
  for (const auto& r : days[1]) {
    ++rows_per_device[r.device_id];
    if (r.epoch != 0 || !last_ip.count(r.device_id)) continue;
    ++both;
    moved += last_ip[r.device_id] != r.ip;
  }
  REQUIRE(both > 15000);
  CHECK(static_cast<double>(moved) / both == Approx(opt.churn).margin(0.015));
  std::size_t movers = 0;
  for (auto& [id, n] : rows_per_device) movers += n > 1;
  CHECK(static_cast<double>(movers) / rows_per_device.size() == Approx(opt.intraday_share).margin(0.015));
}

TEST_CASE("infection, appearance and vanishing", "[mock][fleet]") {
  fleet_options opt;
  opt.devices = 10000;
  opt.days = 5;
  opt.infected_share = 0.5;
  opt.appear_share = 0.2;
  opt.vanish_share = 0.2;
  auto days = run(opt);
  std::set<std::uint64_t> day0, last, infected_last;
  for (const auto& r : days[0]) day0.insert(r.device_id);
  for (const auto& r : days[4]) {
    last.insert(r.device_id);
    if (r.infected) infected_last.insert(r.device_id);
  }
  std::size_t appeared = 0, vanished = 0;
  for (auto id : last) appeared += !day0.count(id);
  for (auto id : day0) vanished += !last.count(id);
  CHECK(appeared > 1000);  // 20% appear after day 0 (a few also offline that day)
  CHECK(vanished > 1000);
  CHECK(static_cast<double>(infected_last.size()) / last.size() == Approx(0.5).margin(0.03));
  // Infection never ends in the simulation.
  std::set<std::uint64_t> infected0;
  for (const auto& r : days[0])
    if (r.infected) infected0.insert(r.device_id);
  for (auto id : infected0)
    if (last.count(id)) CHECK(infected_last.count(id) == 1);
}

TEST_CASE("UDNs in the manifest follow the persona's rule", "[mock][fleet]") {
  fleet_options opt;
  opt.devices = 3000;
  auto days = run(opt);
  for (const auto& r : days[0]) {
    if (r.persona == "logitec_router" || r.persona == "realtek_generic") {
      CHECK(r.uuid.rfind("uuid:63041253-1019-2006-1228-", 0) == 0);
      CHECK(r.uuid.substr(29) == r.mac.substr(0, 2) + r.mac.substr(3, 2) + r.mac.substr(6, 2) +
                                     r.mac.substr(9, 2) + r.mac.substr(12, 2) + r.mac.substr(15, 2));
      CHECK_FALSE(r.shared_udn);
    } else if (r.persona == "realtek_igd_only") {
      CHECK(r.uuid == "uuid:12342409-1234-1234-5678-ee1234cc5678");
      CHECK(r.shared_udn);
    } else if (r.persona == "wificam") {
      CHECK(r.uuid.empty());
    }
    if (r.persona == "logitec_router") CHECK(r.mac.rfind("00:01:8e:", 0) == 0);
  }
}

// How fast is the benchmarks' business (tests/bench/); the folder is per process, so two
// builds testing at once do not share it.
TEST_CASE("write_fleet writes the darknet CSV and the manifest per day", "[mock][fleet]") {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("iotprobe_mock_fleet_test.{}", ::getpid());
  std::filesystem::remove_all(dir);
  fleet_options opt;
  opt.devices = 50000;
  opt.days = 7;
  opt.seed = 3;
  write_fleet(opt, personas(), load_mix(mix_file("default.mix"), personas()), dir);
  for (const char* day : {"2021-05-27", "2021-06-02"}) {
    std::string csv = read_text(dir / fmt::format("day-{}.csv", day));
    CHECK(csv.rfind("day,ip,country,tag\n", 0) == 0);
    auto rows = read_manifest(dir, day, -1);
    CHECK(rows.size() > 40000);
    std::set<std::string> csv_lines, expected;
    std::istringstream lines(csv);
    std::string header;
    std::getline(lines, header);
    for (std::string line; std::getline(lines, line);) csv_lines.insert(line);
    for (const auto& r : rows)
      if (r.infected) expected.insert(fmt::format("{},{},{},mirai", day, r.ip, r.country));
    CHECK(csv_lines == expected);  // exactly the infected addresses of the day
    CHECK(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) == expected.size() + 1);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("manifest rows survive a JSON round trip; mixes are checked", "[mock][fleet]") {
  manifest_row r;
  r.day = "2021-05-27";
  r.ip = "127.1.2.3";
  r.device_id = 42;
  r.family = "wificam";
  r.persona = "wificam";
  r.model = "a \"quoted\"\\model";
  r.epoch = 1;
  r.epoch_last = 2;
  r.infected = true;
  r.behind = {"wificam"};
  manifest_row back = manifest_from_json(manifest_json(r));
  CHECK(manifest_json(back) == manifest_json(r));
  CHECK(back.model == r.model);
  CHECK(back.behind == std::vector<std::string>{"wificam"});
  CHECK(back.uuid.empty());
  auto bad = std::filesystem::temp_directory_path() / fmt::format("{}.{}", "iotprobe_bad.mix", ::getpid());
  std::ofstream(bad) << "no_such_persona 3\n";
  CHECK_THROWS_WITH(load_mix(bad, personas()), Catch::Contains("no_such_persona"));
  CHECK(add_days("2021-05-31", 1) == "2021-06-01");
  CHECK_THROWS(add_days("2021-13-01", 0));
}
