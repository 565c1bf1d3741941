// Shared helpers for the fuzz targets: FUZZ_CHECK (an invariant that aborts with a message,
// whatever NDEBUG says, so libFuzzer and the replay ctest both see it) and guarded(), which
// turns an escaping exception into an abort. Never used by production code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

namespace iotprobe::testing {

[[noreturn]] inline void check_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
  std::abort();
}

// Runs one input; parsers promise never to throw, so any exception is a finding.
template <class Body>
int guarded(const char* target, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: exception escaped: %s\n", target, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "%s: non-standard exception escaped\n", target);
    std::abort();
  }
  return 0;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace iotprobe::testing

#define FUZZ_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::iotprobe::testing::check_failed(#cond, __FILE__, __LINE__))
