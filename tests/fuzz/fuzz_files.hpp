// Files for the capture fuzz targets, which read stdio streams and paths: a read-only
// stdio stream over the input bytes (fmemopen), and a private temporary folder (in memory where possible) in which
// the input is written plain, gzipped, or as a gzip stream cut short. Nothing here opens
// a socket; the folder is removed when the process exits. Never used by production code.
#pragma once

#include "tests/fuzz/fuzz_check.hpp"

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace iotprobe::testing {

// A stdio stream reading `bytes` (which must outlive it); the caller fcloses it.
inline std::FILE* memory_stream(std::string_view bytes) {
  static char empty[1] = {0};
  void* data = bytes.empty() ? empty : const_cast<char*>(bytes.data());  // "r": never written
  return ::fmemopen(data, bytes.size(), "r");
}

// In memory (/dev/shm) where there is one: a disk write per input would make the fuzzers
// wait on a machine shared with builders.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    std::string pattern = (base / "iotprobe-fuzz.XXXXXX").string();
    FUZZ_CHECK(::mkdtemp(pattern.data()) != nullptr);
    static const std::string made = pattern;
    std::atexit([] { std::filesystem::remove_all(made); });
    return std::filesystem::path(made);
  }();
  return dir;
}

inline std::filesystem::path write_scratch(const std::string& name, std::string_view bytes) {
  const std::filesystem::path file = scratch_dir() / name;
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return file;
}

// `bytes` as a gzip member. The container matters here, not the ratio: level 1 with the
// smallest window and state, so that compressing costs little next to reading.
inline std::string gzip_bytes(std::string_view bytes) {
  z_stream z{};
  FUZZ_CHECK(deflateInit2(&z, 1, Z_DEFLATED, 9 + 16, 1, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace iotprobe::testing
