// A plain main() for the fuzz targets: runs LLVMFuzzerTestOneInput over every file named
// on the command line (directories are walked, sorted) so that the ctest replays the
// fixture and seed corpora with the normal compiler. Fails when no input was found.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

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

// An exactly-sized heap block, so that AddressSanitizer builds catch a read past the end.
std::unique_ptr<std::uint8_t[]> read_bytes(const fs::path& file, std::size_t& size) {
  std::ifstream in(file, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  size = text.size();
  auto block = std::make_unique<std::uint8_t[]>(size == 0 ? 1 : size);
  std::copy(text.begin(), text.end(), block.get());
  return block;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 0, bytes = 0;
  for (int i = 1; i < argc; ++i) {
    const std::vector<fs::path> files = inputs_under(argv[i]);
    if (files.empty()) std::fprintf(stderr, "replay: no input files in %s\n", argv[i]);
    for (const fs::path& file : files) {
      std::size_t size = 0;
      const auto data = read_bytes(file, size);
      LLVMFuzzerTestOneInput(data.get(), size);
      ++runs;
      bytes += size;
    }
  }
  std::printf("replayed %zu inputs (%zu bytes)\n", runs, bytes);
  return runs > 0 ? 0 : 1;
}
