// The soak (issue 14, label `soak`, built only with -DIOTPROBE_SOAK=ON): probes a mock
// fleet served on loopback PASSES times in this one process, each pass a fresh io_context,
// engine, fingerprint classifier and store (a new run), as a daily batch would. After each
// pass it reads RSS (/proc/self/statm) and the open descriptors (/proc/self/fd). Fails when
// descriptors differ from the baseline after any pass, RSS keeps growing after pass 2, or a
// pass finds markedly fewer open hosts than the best pass (the fleet stopped answering, so
// the pass did not load the prober).
// Talks to 127.0.0.0/8 only; run inside scripts/netns-run (soak_test.sh does).
#include "config/settings.hpp"
#include "db/store.hpp"
#include "parsers/fingerprint/fusion.hpp"
#include "prober/engine.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using namespace iotprobe;

struct pass_numbers {
  std::uint64_t hosts = 0, open = 0, identified = 0;
  double seconds = 0;
  long rss_kib = 0;
  std::size_t fds = 0;
};

long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n - 1;  // the iterator's own descriptor
}

std::vector<std::string> read_targets(const std::string& csv) {
  std::ifstream in(csv);
  std::vector<std::string> ips;
  std::string line;
  std::getline(in, line);  // day,ip,country,tag
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    if (a != std::string::npos) ips.push_back(line.substr(a + 1, b - a - 1));
  }
  return ips;
}

pass_numbers run_pass(int pass, const config::settings& settings, const prober::blocklist& blocks,
                      const std::vector<std::string>& ips, const std::string& db_path) {
  const auto began = std::chrono::steady_clock::now();
  pass_numbers n;
  {
    std::vector<std::filesystem::path> files;
    for (const auto& f : config::fingerprint_files(settings)) files.emplace_back(f);
    auto fingerprints =
        std::make_shared<parsers::fingerprint_engine>(parsers::fingerprint_engine::load(files));
    db::store store{db_path};
    const auto run = store.open_run("soak", "2021-05-27", "pass", true).run;
    boost::asio::io_context io;
    prober::engine_options options;
    options.classify = [fingerprints](const parsers::host_result& h) {
      return parsers::classify_host(*fingerprints, h);
    };
    std::size_t next = 0;
    prober::scan_engine engine(io, settings, blocks, [&](parsers::host_result host) {
      ++n.hosts;
      n.open += parsers::host_is_open(host) ? 1 : 0;
      n.identified += host.verdict.family ? 1 : 0;
      if (const auto s = store.add_host(run.id, host); !s.ok())
        std::fprintf(stderr, "soak: cannot store %s: %s\n", host.ip.c_str(), s.message.c_str());
    }, std::move(options));
    engine.start([&]() -> std::optional<prober::target_spec> {
      if (next >= ips.size()) return std::nullopt;
      return prober::target_spec{ips[next++], {}, {}, {}};
    });
    io.run();
    store.finish_run(run.id, true, static_cast<std::int64_t>(ips.size()), 0);
  }
  n.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  n.rss_kib = rss_kib();
  n.fds = open_fds();
  std::printf("pass %d: %llu hosts (%llu open, %llu identified) in %.1f s; RSS %ld KiB; %zu fds\n",
              pass, static_cast<unsigned long long>(n.hosts), static_cast<unsigned long long>(n.open),
              static_cast<unsigned long long>(n.identified), n.seconds, n.rss_kib, n.fds);
  std::fflush(stdout);
  return n;
}

}  // namespace

// usage: iotprobe_soak TARGETS.csv PORT_MAP DB PASSES
int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s TARGETS.csv PORT_MAP DB PASSES\n", argv[0]);
    return 2;
  }
  const auto settings = config::load_settings(
      {}, {{"allow", "127.0.0.0/8"}, {"port_map", argv[2]}, {"max_in_flight", "1000"},
           {"connect_rate", "4000"}, {"host_deadline_ms", "6000"}, {"connect_timeout_ms", "2000"},
           {"transfer_deadline_ms", "3000"}, {"ssdp_window_ms", "500"}});
  const auto blocks = prober::make_blocklist(settings);
  const auto ips = read_targets(argv[1]);
  const int passes = std::stoi(argv[4]);
  const std::size_t baseline_fds = open_fds();
  std::printf("soak: %zu targets, %d passes, baseline %zu fds, RSS %ld KiB\n", ips.size(), passes,
              baseline_fds, rss_kib());
  std::vector<pass_numbers> runs;
  for (int p = 1; p <= passes; ++p) runs.push_back(run_pass(p, settings, blocks, ips, argv[3]));
  bool ok = true;
  for (std::size_t p = 0; p < runs.size(); ++p) {
    if (runs[p].fds != baseline_fds) {
      std::printf("FAIL: pass %zu left %zu fds open (baseline %zu)\n", p + 1, runs[p].fds, baseline_fds);
      ok = false;
    }
    if (runs[p].hosts != ips.size()) {
      std::printf("FAIL: pass %zu handed %llu hosts to the sink for %zu targets\n", p + 1,
                  static_cast<unsigned long long>(runs[p].hosts), ips.size());
      ok = false;
    }
  }
  // The same fleet every pass: a pass that finds 2% fewer open hosts than the best one (or
  // none) means the mock stopped answering, and that pass proves nothing about load.
  std::uint64_t best = 0;
  for (const auto& r : runs) best = std::max(best, r.open);
  for (std::size_t p = 0; p < runs.size(); ++p) {
    if (runs[p].open == 0 || runs[p].open * 50 < best * 49) {
      std::printf("FAIL: pass %zu found %llu open hosts, the best pass %llu\n", p + 1,
                  static_cast<unsigned long long>(runs[p].open), static_cast<unsigned long long>(best));
      ok = false;
    }
  }
  // Stable: after the second pass (allocator arenas and caches warmed), RSS may not grow by
  // more than 5% (or 16 MiB) per the remaining passes together.
  if (runs.size() >= 3) {
    const long base = runs[1].rss_kib, last = runs.back().rss_kib;
    const long allowed = std::max(base / 20, 16L * 1024);
    std::printf("RSS after pass 2: %ld KiB, after pass %zu: %ld KiB (growth %ld KiB, allowed %ld)\n",
                base, runs.size(), last, last - base, allowed);
    if (last - base > allowed) {
      std::printf("FAIL: RSS keeps growing\n");
      ok = false;
    }
  }
  std::printf("soak: %s\n", ok ? "passed" : "FAILED");
  return ok ? 0 : 1;
}
