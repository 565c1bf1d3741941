// Library-only timing of parsers::extract_sources (no CLI, no CSV formatting): reads the
// given captures and prints packets, sources, seconds and packets/s. Used by
// pcap_bench.sh beside `iotprobe extract`; it never opens a socket.
#include "parsers/darknet/mirai_extract.hpp"

#include <chrono>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CAPTURE...\n", argv[0]);
    return 2;
  }
  std::vector<std::filesystem::path> files(argv + 1, argv + argc);
  const auto start = std::chrono::steady_clock::now();
  const auto result = iotprobe::parsers::extract_sources(files, {});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("packets %llu source_days %zu rows %zu seconds %.3f packets_per_second %.0f\n",
              static_cast<unsigned long long>(result.stats.packets), result.source_days,
              result.rows.size(), seconds, static_cast<double>(result.stats.packets) / seconds);
  for (const auto& e : result.errors) std::fprintf(stderr, "%s\n", describe(e).c_str());
  return result.ok() ? 0 : 1;
}
