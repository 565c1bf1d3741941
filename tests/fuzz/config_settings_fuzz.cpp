// Fuzz target for the config reader (config/settings*): any text either loads or is
// refused with config_error naming the source and line; nothing else may escape. Text that
// loads round-trips through to_config_text() (its documented contract) and validate()
// either accepts it or refuses it with config_error. Relative names resolve under a fixed
// folder that is never read: parsing touches no file.
#include "tests/fuzz/fuzz_check.hpp"

#include "config/settings.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace {

using iotprobe::config::config_error;
using iotprobe::config::settings;

constexpr std::size_t max_text_bytes = 16384;
const std::string name = "fuzz.conf";
const std::string base_dir = "/nonexistent/iotprobe-fuzz";

std::optional<settings> parse(const std::string& text) {
  try {
    return iotprobe::config::parse_settings(text, name, base_dir);
  } catch (const config_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).rfind(name + ":", 0) == 0);  // file and line
    return std::nullopt;
  }
}

void check_round_trip(const settings& s) {
  const std::string text = iotprobe::config::to_config_text(s);
  const std::string canonical = iotprobe::config::canonical_config_text(s);
  const auto again = parse(text);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(iotprobe::config::canonical_config_text(*again) == canonical);
  FUZZ_CHECK(again->http_ports() == s.http_ports());
}

void check_validate(const settings& s) {
  try {
    iotprobe::config::validate(s);
    // HTTPS-only is a valid plan too (fuzzing found `ports = 8443` with 8443 in https_ports).
    FUZZ_CHECK(!s.http_ports().empty() || !s.https_ports().empty() || !s.banner_ports.empty());
    FUZZ_CHECK(s.limits.connect_timeout_ms <= s.limits.transfer_deadline_ms);
  } catch (const config_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).rfind(name + ": ", 0) == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("config_settings", [&] {
    if (size > max_text_bytes) return;
    const auto s = parse(std::string(iotprobe::testing::as_text(data, size)));
    if (!s) return;
    FUZZ_CHECK(s->source == name);
    for (const auto& b : s->banner_ports) FUZZ_CHECK(b.port >= 1 && b.port <= 65535);
    for (const auto& [logical, wire] : s->port_map) FUZZ_CHECK(logical >= 1 && wire <= 65535);
    check_round_trip(*s);
    check_validate(*s);
  });
}
