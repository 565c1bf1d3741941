// Unit tests for admission (target_filter) and the engine's lifecycle on inputs that are
// all refused: nothing is dialled, every row is reported, the loop ends, finished() holds.
#include "config/settings.hpp"
#include "prober/engine.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

using namespace iotprobe;
using prober::admission;

namespace {
prober::blocklist test_blocks() {
  prober::blocklist b;
  b.add_reserved("192.0.2.0/24");
  b.add_reserved("2001:db8::/32");
  b.add_allow("192.0.2.0/25");
  b.add_exclude("192.0.2.64/26");
  return b;
}
}  // namespace

TEST_CASE("admission gives each refusal its reason", "[engine]") {
  const auto blocks = test_blocks();
  prober::target_filter filter(blocks, 4);
  auto check = [&](const char* ip) { return filter.check(prober::target_spec{ip, {}, {}, {}}); };
  CHECK(check("192.0.2.1").verdict == admission::accepted);
  CHECK(check("192.0.2.1").verdict == admission::duplicate);
  CHECK(check("::ffff:192.0.2.1").verdict == admission::duplicate);  // same host as v4
  CHECK(check("192.0.2.70").verdict == admission::exclude);
  CHECK(check("192.0.2.200").verdict == admission::blocklist);
  CHECK(check("2001:db8::7").verdict == admission::blocklist);
  CHECK(check("not an ip").verdict == admission::bad_address);
  CHECK(check("").verdict == admission::bad_address);
  const auto r = check("192.0.2.201");
  CHECK(r.reason.find("192.0.2.0/24") != std::string::npos);
  CHECK(prober::to_string(admission::duplicate) == "duplicate");
}

TEST_CASE("the duplicate window is bounded: old targets are forgotten", "[engine]") {
  const auto blocks = test_blocks();
  prober::target_filter filter(blocks, 2);
  auto check = [&](const char* ip) { return filter.check(prober::target_spec{ip, {}, {}, {}}).verdict; };
  CHECK(check("192.0.2.1") == admission::accepted);
  CHECK(check("192.0.2.2") == admission::accepted);
  CHECK(check("192.0.2.3") == admission::accepted);  // 192.0.2.1 leaves the window
  CHECK(check("192.0.2.3") == admission::duplicate);
  CHECK(check("192.0.2.1") == admission::accepted);
}

TEST_CASE("an all-refused input finishes without a single result or connection", "[engine]") {
  const auto settings = config::load_settings();
  const auto blocks = prober::make_blocklist(settings);  // shipped list, no allow
  boost::asio::io_context io;
  int sunk = 0, refused = 0, finished = 0;
  prober::engine_options options;
  options.on_refused = [&](const prober::target_spec& t, const prober::admission_result& a) {
    ++refused;
    CHECK_FALSE(a.accepted());
    CHECK_FALSE(t.ip.empty());
  };
  options.on_finished = [&] { ++finished; };
  prober::scan_engine engine(io, settings, blocks, [&](parsers::host_result) { ++sunk; }, options);
  std::vector<std::string> ips{"10.0.0.1", "192.168.1.1", "127.0.0.1", "198.51.100.3", "junk", "::1"};
  std::size_t next = 0;
  engine.start([&]() -> std::optional<prober::target_spec> {
    if (next == ips.size()) return std::nullopt;
    return prober::target_spec{ips[next++], {}, {}, {}};
  });
  io.run();
  CHECK(engine.finished());
  CHECK(finished == 1);
  CHECK(sunk == 0);
  CHECK(refused == 6);
  CHECK(engine.stats().targets_read == 6);
  CHECK(engine.stats().refused == 6);
  CHECK(engine.stats().connections == 0);
}

TEST_CASE("make_blocklist applies allow and refuses a malformed allow", "[engine]") {
  auto settings = config::load_settings("", {{"allow", "127.0.0.0/8"}});
  const auto blocks = prober::make_blocklist(settings);
  CHECK(blocks.check(std::string_view("127.0.0.9")).allowed());
  CHECK_FALSE(blocks.check(std::string_view("10.0.0.1")).allowed());
  settings.allow.push_back("127.0.0.0/64");
  CHECK_THROWS_AS(prober::make_blocklist(settings), config::config_error);
}
