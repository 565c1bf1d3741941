// The one fingerprint-engine loader and classifier factory, shared by parse, probe, scan
// and batch, so every command classifies with the same databases. Never touches the network.
#include "prober/cli/verdict_seam.hpp"

#include "parsers/fingerprint/fusion.hpp"

#include <filesystem>
#include <memory>
#include <vector>

namespace iotprobe::cli {

parsers::fingerprint_engine load_fingerprint_engine(const config::settings& settings,
                                                    const std::vector<std::string>& extra) {
  std::vector<std::filesystem::path> paths;
  for (const auto& file : config::fingerprint_files(settings)) paths.emplace_back(file);
  for (const auto& file : extra) paths.emplace_back(file);
  return parsers::fingerprint_engine::load(paths);
}

prober::classify_fn make_verdict_classifier(const config::settings& settings) {
  if (config::fingerprint_files(settings).empty()) return {};
  auto engine = std::make_shared<parsers::fingerprint_engine>(load_fingerprint_engine(settings));
  const parsers::fusion_options options{settings.identity.min_certainty,
                                        settings.identity.honeypot_families};
  return [engine, options](const parsers::host_result& host) {
    return parsers::classify_host(*engine, host, options);
  };
}

}  // namespace iotprobe::cli
