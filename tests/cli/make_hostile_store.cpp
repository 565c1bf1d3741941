// Test helper for tests/cli/store_readers_cli_test.sh: writes a store holding one host
// whose device text (manufacturer, model, vendor, evidence value) is not valid UTF-8, as
// a hostile or legacy-charset device can make it. Usage: make_hostile_store DB_PATH
#include "db/store.hpp"
#include "tests/db/hosts.hpp"

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_hostile_store DB_PATH\n");
    return 2;
  }
  using namespace iotprobe;
  const std::string bad = "Real\xff\xfetek \xc3";
  auto host = testing::make_host("198.51.100.9", {{52881, testing::wps_udn(9), "12\xff", bad}});
  host.probes.back().description->devices[0].manufacturer = bad;
  host.verdict.vendor = bad;
  host.verdict.evidence.push_back({80, parsers::probe_kind::get_root, "http_header.server", bad, "x.xml", "fp", {}});
  db::store store(argv[1]);
  const auto run = store.open_run("hostile.csv", "2021-05-27", "hash", false).run.id;
  if (!store.add_host(run, host).ok() || !store.flush().ok()) return 1;
  return store.finish_run(run, true, 1, 0).ok() ? 0 : 1;
}
