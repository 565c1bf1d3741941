// make_verdict_classifier: loads the fingerprint databases once and wraps classify_host.
// The one classifier factory for probe, scan and batch; it never touches the network.
#include "prober/cli/verdict_seam.hpp"

#include "parsers/fusion.hpp"

#include <filesystem>
#include <memory>
#include <vector>

namespace iotprobe::cli {

prober::classify_fn make_verdict_classifier(const config::settings& settings) {
  std::vector<std::filesystem::path> paths;
  for (const auto& file : config::fingerprint_files(settings)) paths.emplace_back(file);
  if (paths.empty()) return {};
  auto engine =
      std::make_shared<parsers::fingerprint_engine>(parsers::fingerprint_engine::load(paths));
  return [engine](const parsers::host_result& host) { return parsers::classify_host(*engine, host); };
}

}  // namespace iotprobe::cli
