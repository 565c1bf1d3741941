// Hostile device text for the output tests: ESC sequences (CSI clear-screen, OSC
// window-title ending in BEL), a raw newline that would forge a line, a carriage return,
// and C1 CSI both as a lone byte and UTF-8 encoded. inert() states what a text view may
// print: none of those bytes, and the forged line never at the start of a line.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace iotprobe::testing {

inline const std::string hostile =
    "evil\x1b]0;pwned\x07\x1b[2J\nFORGED LINE\r\x9b\xc2\x9b!";

// The escaped form that proves the hostile text did reach the view.
inline constexpr std::string_view hostile_escaped = "evil\\x1b]0;pwned\\x07\\x1b[2J\\x0aFORGED LINE";

// The offset of the first C0 control other than '\n' (ESC, BEL, CR, …) or DEL, or npos.
inline std::size_t first_control(const std::string& out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto byte = static_cast<unsigned char>(out[i]);
    if ((byte < 0x20 && byte != '\n') || byte == 0x7f) return i;
  }
  return std::string::npos;
}

inline void check_inert(const std::string& out) {
  INFO("view output: " << out);
  CHECK(first_control(out) == std::string::npos);
  CHECK(out.find("\xc2\x9b") == std::string::npos);  // C1 CSI, UTF-8 encoded
  CHECK(out.find("\x9b!") == std::string::npos);       // C1 CSI, the lone byte
  CHECK(out.find("\nFORGED") == std::string::npos);
  CHECK(out.rfind("FORGED", 0) == std::string::npos);
  CHECK(out.find(hostile_escaped) != std::string::npos);
}

}  // namespace iotprobe::testing
