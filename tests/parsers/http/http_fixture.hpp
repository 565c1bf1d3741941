// Reads a raw response fixture (tests/fixtures/<area>/<name>) byte for byte, for the
// HTTP, SSDP and UPnP parser tests. Fails the test, never returns partial data, if unreadable.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace iotprobe::testing {

inline std::string read_http_fixture(std::string_view relative) {
  const std::string path = std::string(IOTPROBE_FIXTURES_DIR) + "/" + std::string(relative);
  std::ifstream in(path, std::ios::binary);
  INFO("fixture " << path);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace iotprobe::testing
