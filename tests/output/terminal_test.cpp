// The one terminal-safe printer: what it keeps, what it escapes, and how.
#include "prober/output/terminal.hpp"

#include <catch2/catch.hpp>

using iotprobe::output::terminal_safe;
using iotprobe::output::terminal_safe_or;

TEST_CASE("terminal_safe keeps printable ASCII and valid UTF-8", "[output][terminal]") {
  CHECK(terminal_safe("Linux UPnP/1.0 Huawei-ATP-IGD") == "Linux UPnP/1.0 Huawei-ATP-IGD");
  CHECK(terminal_safe("ログイン") == "ログイン");
  CHECK(terminal_safe("\xc2\xa0nbsp") == "\xc2\xa0nbsp");  // U+00A0 is printable
  CHECK(terminal_safe("") == "");
}

TEST_CASE("terminal_safe escapes controls and broken UTF-8 as \\xHH", "[output][terminal]") {
  CHECK(terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(terminal_safe("t\x07") == "t\\x07");
  CHECK(terminal_safe("line\nnext\r") == "line\\x0anext\\x0d");
  CHECK(terminal_safe("del\x7f") == "del\\x7f");
  CHECK(terminal_safe("c1\xc2\x9b") == "c1\\xc2\\x9b");        // U+009B CSI
  CHECK(terminal_safe("lone\x9b") == "lone\\x9b");             // a continuation byte alone
  CHECK(terminal_safe("cut\xe3\x83") == "cut\\xe3\\x83");      // a truncated sequence
  CHECK(terminal_safe("over\xc0\xaf") == "over\\xc0\\xaf");    // an overlong encoding
  CHECK(terminal_safe(std::string("nul\0x", 5)) == "nul\\x00x");
}

TEST_CASE("terminal_safe_or prints the absent marker as is", "[output][terminal]") {
  CHECK(terminal_safe_or(std::nullopt, "(absent)") == "(absent)");
  CHECK(terminal_safe_or(std::string("a\x1b"), "-") == "a\\x1b");
}
