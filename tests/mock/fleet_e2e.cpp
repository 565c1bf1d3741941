// Socket tests of a served fleet day (label e2e, inside scripts/netns-run): 50,000 devices
// (5,000 with IOTPROBE_E2E_SCALE=small) served, each sampled address answering as its
// manifest row says, and --epoch moving intraday movers to their later addresses. How fast
// the fleet gets ready is a benchmark's business (tests/bench/), never a bound here.
#include "e2e_client.hpp"
#include "virtual_host.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <unistd.h>

using namespace iotprobe::mock;
using namespace iotprobe::testing;

namespace {

const std::map<std::string, persona>& personas() {
  static const auto all = load_personas(default_personas_dir());
  return all;
}

// The first normal port/route of a persona and the request for it, if any.
std::optional<std::pair<int, std::string>> probe_for(const persona& p) {
  for (const auto& spec : p.ports)
    if (spec.kind == behaviour::normal && !spec.routes.empty()) {
      const std::string& path = spec.routes.front().path;
      return std::make_pair(spec.port, get(path == "*" ? "/" : path));
    }
  return std::nullopt;
}

std::filesystem::path make_fleet(const char* name, std::size_t devices, int days, double intraday) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("{}.{}", name, ::getpid());
  std::filesystem::remove_all(dir);
  fleet_options opt;
  opt.devices = devices;
  opt.days = days;
  opt.seed = 11;
  opt.intraday_share = intraday;
  write_fleet(opt, personas(), load_mix(std::filesystem::path(IOTPROBE_MOCK_MIXES_DIR) / "default.mix", personas()), dir);
  return dir;
}

}  // namespace

TEST_CASE("a 50,000-device day is served as its manifest says", "[mock][e2e]") {
  auto dir = make_fleet("iotprobe_mock_e2e_50k", small_scale() ? 5000 : 50000, 1, 0.05);
  auto rows = read_manifest(dir, "2021-05-27", 0);
  host_table table = host_table::from_manifest(rows, personas());
  mock_process server({"--fleet", dir.string(), "--day", "2021-05-27", "--ports",
                       "80=0,81=0,52869=0,52881=0,37215=0", "--ssdp-port", "0"});
  CHECK(server.hosts() == rows.size());
  std::size_t checked = 0;
  for (std::size_t i = 0; i < rows.size(); i += rows.size() / 300) {
    const auto& row = rows[i];
    std::uint32_t addr = 0;
    REQUIRE(parse_ipv4(row.ip, addr));
    const virtual_host* host = table.find(addr);
    auto probe = probe_for(*host->p);
    if (!probe) continue;
    INFO(row.ip << " " << row.persona);
    auto got = fetch(row.ip, server.tcp(probe->first), probe->second, 15);
    CHECK(got.end == ending::eof);
    bool same = got.bytes == plan_reply(*host, probe->first, probe->second)->bytes;
    CHECK(same);
    ++checked;
  }
  CHECK(checked > 250);
  std::filesystem::remove_all(dir);
}

TEST_CASE("--epoch serves intraday movers at their later addresses", "[mock][e2e]") {
  auto dir = make_fleet("iotprobe_mock_e2e_epoch", 2000, 1, 0.5);
  auto all = read_manifest(dir, "2021-05-27", -1);
  mock_process server({"--fleet", dir.string(), "--day", "2021-05-27", "--epoch", "3", "--ports",
                       "80=0,81=0,52869=0,52881=0,37215=0", "--ssdp-port", "-1"});
  std::size_t moved_checked = 0;
  for (const auto& row : all) {
    const persona& p = personas().at(row.persona);
    auto probe = probe_for(p);
    if (!probe || p.family == "hostile" || moved_checked >= 40) continue;
    auto got = fetch(row.ip, server.tcp(probe->first), probe->second, 5);
    if (row.epoch_last < 3) {
      CHECK(closed_at_once(got));  // an address the device has left by epoch 3
      ++moved_checked;
    } else {
      CHECK(got.end == ending::eof);
    }
  }
  CHECK(moved_checked >= 40);
  std::filesystem::remove_all(dir);
}
