// make_verdict_classifier: loads the fingerprint databases once and wraps classify_host.
// Until the fusion layer exists (parsers/fusion.hpp), classification is off.
#include "prober/cli/verdict_seam.hpp"

#if __has_include("parsers/fusion.hpp")
#include "parsers/fusion.hpp"
#define IOTPROBE_HAVE_FUSION 1
#endif

namespace iotprobe::cli {

prober::classify_fn make_verdict_classifier(const config::settings& settings) {
#ifdef IOTPROBE_HAVE_FUSION
  std::vector<std::filesystem::path> paths;
  for (const auto& file : config::fingerprint_files(settings)) paths.emplace_back(file);
  if (paths.empty()) return {};
  auto engine = std::make_shared<parsers::fingerprint_engine>(parsers::fingerprint_engine::load(paths));
  return [engine](const parsers::host_result& host) { return parsers::classify_host(*engine, host); };
#else
  (void)settings;
  return {};
#endif
}

}  // namespace iotprobe::cli
