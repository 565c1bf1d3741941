// Test helper for the store-reader CLI tests: writes a store holding one host whose
// device text is hostile. Default: text that is not valid UTF-8 (manufacturer, model,
// vendor, evidence value), as a legacy-charset device can send; `escapes`: terminal
// escapes (ESC, OSC, BEL, raw newline) in the Server header, title, model and verdict.
// Usage: make_hostile_store DB_PATH [escapes]
#include "db/store.hpp"
#include "tests/db/hosts.hpp"

#include <cstdio>
#include <cstring>

namespace {

using namespace iotprobe;

parsers::host_result invalid_utf8_host() {
  const std::string bad = "Real\xff\xfetek \xc3";
  auto host = testing::make_host("198.51.100.9", {{52881, testing::wps_udn(9), "12\xff", bad}});
  host.probes.back().description->devices[0].manufacturer = bad;
  host.verdict.vendor = bad;
  host.verdict.evidence.push_back({80, parsers::probe_kind::get_root, "http_header.server", bad, "x.xml", "fp", {}});
  return host;
}

parsers::host_result escapes_host() {
  const std::string evil = "evil\x1b]0;pwned\x07\x1b[2J\nFORGED LINE";
  auto host = testing::make_host("198.51.100.9", {{52881, testing::wps_udn(9), evil, evil}}, evil);
  auto& answer = host.probes.back();
  answer.description->devices[0].manufacturer = evil;
  answer.http->headers[0].value = evil;
  answer.http->title = parsers::decoded_text{evil, evil, "utf-8"};
  host.verdict.vendor = host.verdict.product = evil;
  return host;
}

}  // namespace

int main(int argc, char** argv) {
  const bool escapes = argc == 3 && std::strcmp(argv[2], "escapes") == 0;
  if (argc != 2 && !escapes) {
    std::fprintf(stderr, "usage: make_hostile_store DB_PATH [escapes]\n");
    return 2;
  }
  db::store store(argv[1]);
  const auto run = store.open_run("hostile.csv", "2021-05-27", "hash", false).run.id;
  const auto host = escapes ? escapes_host() : invalid_utf8_host();
  if (!store.add_host(run, host).ok() || !store.flush().ok()) return 1;
  return store.finish_run(run, true, 1, 0).ok() ? 0 : 1;
}
