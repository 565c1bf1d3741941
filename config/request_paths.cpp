// The never-request list and the shape check for request paths (see request_paths.hpp).
// A list in code, not in iotprobe.conf, on purpose: no config edit can weaken it.
// Std-only: it never opens a socket.
#include "config/request_paths.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace iotprobe::config {
namespace {

// Lower-case fragments of paths iotprobe never asks for: credential dumps (GoAhead
// /system.ini?loginuse&loginpas), the Mirai-family exploit endpoints (GPON /GponForm/,
// Huawei /ctrlt/, Realtek SOAP /picsdesc.xml POSTs go to /UD/act and /wanipcn control
// URLs), D-Link HNAP, Linksys /tmUnblock.cgi, Netgear /setup.cgi, and path traversal.
constexpr std::array<std::string_view, 14> never_request = {
    "/system.ini", "loginuse",  "loginpas",       "/gponform/",    "/ctrlt/",
    "/ud/act",     "/upnp/control", "/hnap1",     "/tmunblock.cgi", "/setup.cgi",
    "/shell",      "/etc/passwd",   "/../",       "/..\\"};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool has_control_or_space(std::string_view path) {
  return std::any_of(path.begin(), path.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

}  // namespace

std::optional<std::string> path_refusal(std::string_view path) {
  if (path.empty() || path.front() != '/') return "path must start with '/'";
  if (has_control_or_space(path)) return "path contains a space or control character";
  const std::string folded = lower(path);
  for (const auto fragment : never_request)
    if (folded.find(fragment) != std::string::npos)
      return "path matches the never-request list ('" + std::string(fragment) + "')";
  return std::nullopt;
}

}  // namespace iotprobe::config
