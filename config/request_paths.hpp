// The rule every requested path obeys, whether it comes from the config (description
// paths) or from a device (a redirect Location, an SSDP LOCATION): absolute, one line, and
// never a known credential, exploit or control endpoint. It must never be configurable away.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotprobe::config {

// nullopt when `path` may be requested with an anonymous GET; otherwise why not. `path`
// starts at the '/' (query included). Matching is case-insensitive on the never-request
// list (/system.ini, /GponForm/, SOAP control URLs, …) so a hostile device cannot steer
// the prober into fetching credentials or touching an exploit endpoint.
std::optional<std::string> path_refusal(std::string_view path);

}  // namespace iotprobe::config
