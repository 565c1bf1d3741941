// A plain main() for the fuzz targets, so that every build (any compiler, no libFuzzer)
// runs them: LLVMFuzzerTestOneInput over every file named on the command line (directories
// are walked, sorted), then, with --fresh N, over N inputs made from those files by a
// seeded mutator (mutator.hpp). Exit 0 only when every input ran; a finding aborts, and
// the input that caused it is named (a fresh one can be regenerated with --save).
//   fuzz_replay_<name> [--fresh N] [--seed S] [--max-len BYTES] [--save K FILE] PATH...
#include "tests/fuzz/mutator.hpp"

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Present in sanitizer builds: called before a sanitizer report ends the process.
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace {

namespace fs = std::filesystem;

struct options {
  std::size_t fresh = 0;
  std::uint64_t seed = 1;
  std::size_t max_len = 65536;
  long save_index = -1;
  std::string save_file;
  std::vector<std::string> paths;
};

// What is running now, for the message on a crash (written with write(2) only).
char current[512] = "(no input yet)";

void say_current() {
  const char prefix[] = "\nreplay: the failing input was ";
  (void)!::write(STDERR_FILENO, prefix, sizeof prefix - 1);
  (void)!::write(STDERR_FILENO, current, std::strlen(current));
  (void)!::write(STDERR_FILENO, "\n", 1);
}

extern "C" void on_fatal_signal(int sig) {
  say_current();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void watch_for_crashes() {
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, on_fatal_signal);
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(say_current);
}

std::vector<fs::path> inputs_under(const fs::path& arg) {
  std::vector<fs::path> files;
  if (fs::is_directory(arg)) {
    for (const auto& entry : fs::recursive_directory_iterator(arg))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(arg)) {
    files.push_back(arg);
  }
  return files;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An exactly-sized heap block, so that AddressSanitizer builds catch a read past the end.
void run_one(const std::string& bytes) {
  auto block = std::make_unique<std::uint8_t[]>(bytes.empty() ? 1 : bytes.size());
  std::copy(bytes.begin(), bytes.end(), block.get());
  LLVMFuzzerTestOneInput(block.get(), bytes.size());
}

options parse_options(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--fresh" && has_value) o.fresh = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--seed" && has_value) o.seed = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--max-len" && has_value) o.max_len = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--save" && i + 2 < argc) {
      o.save_index = std::strtol(argv[++i], nullptr, 10);
      o.save_file = argv[++i];
    } else o.paths.push_back(arg);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const options opt = parse_options(argc, argv);
  watch_for_crashes();
  std::vector<std::string> corpus;
  std::size_t bytes = 0;
  for (const std::string& path : opt.paths) {
    const std::vector<fs::path> files = inputs_under(path);
    if (files.empty()) std::fprintf(stderr, "replay: no input files in %s\n", path.c_str());
    for (const fs::path& file : files) {
      std::snprintf(current, sizeof current, "%s", file.c_str());
      corpus.push_back(read_file(file));
      if (opt.save_index < 0) run_one(corpus.back());
      bytes += corpus.back().size();
    }
  }
  iotprobe::testing::mutator fresh(corpus, opt.seed, opt.max_len);
  const std::size_t count = opt.save_index >= 0 ? static_cast<std::size_t>(opt.save_index) + 1 : opt.fresh;
  for (std::size_t k = 0; k < count; ++k) {
    const std::string input = fresh.next();
    if (static_cast<long>(k) == opt.save_index) {
      std::ofstream(opt.save_file, std::ios::binary) << input;
      std::printf("replay: fresh input %zu (seed %llu) saved to %s\n", k,
                  static_cast<unsigned long long>(opt.seed), opt.save_file.c_str());
      return 0;
    }
    if (opt.save_index >= 0) continue;
    std::snprintf(current, sizeof current,
                  "fresh input %zu; write it to FILE by running again with --seed %llu --save %zu FILE",
                  k, static_cast<unsigned long long>(opt.seed), k);
    run_one(input);
  }
  std::printf("replayed %zu inputs (%zu bytes) and %zu fresh inputs (seed %llu)\n", corpus.size(),
              bytes, opt.fresh, static_cast<unsigned long long>(opt.seed));
  return corpus.empty() && opt.fresh == 0 ? 1 : 0;
}
