// A persona: how one kind of device answers, as data loaded from tests/mock/personas/<name>/.
// The loader and the template filler are pure: no sockets here. A persona never names an
// address outside 127.0.0.0/8 or the documentation ranges; the filler never dials anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iotprobe::mock {

// What the server does with a connection to a port, beyond sending the route's bytes.
enum class behaviour {
  normal,      // read the request, send the response, close
  closed,      // RST at once (SO_LINGER 0), as for a port the persona does not open
  tarpit,      // accept, never send a byte, never close first (bounded by a long timer)
  trickle,     // send the response one byte per second
  endless,     // send the head, then body bytes for as long as the client reads
  greet,       // send the route's bytes at once on accept, before any request
  reset_mid,   // send the first `arg` bytes of the response, then RST
  half_close,  // send the first `arg` bytes (all if 0), shut down sending, keep reading
  knock,       // a non-HTTP service: answer the "*" route once any bytes arrive, then close
};

std::optional<behaviour> behaviour_from_name(std::string_view name);
std::string_view behaviour_name(behaviour b);

// One response template. `head` holds the status line and headers, each ending in CRLF,
// then the empty line; it is empty for a raw route (the whole file is the body).
struct route {
  std::string path;  // exact request path (query stripped), or "*" for any other path
  std::string head;
  std::string body;
  bool raw = false;
  std::string file;  // defining file, relative to the persona directory
};

struct port_spec {
  int port = 0;  // logical port
  behaviour kind = behaviour::normal;
  std::size_t arg = 0;
  std::vector<route> routes;

  // The route for this path: an exact match, else "*", else nullptr.
  const route* find(std::string_view path) const;
};

struct ssdp_spec {
  route reply;                        // head-only template (status line + headers)
  std::vector<std::string> st_match;  // answer only these ST values; empty = any
};

// How a persona's devices get their UDN.
enum class uuid_rule { random, wps, fixed, none };

struct persona {
  std::string name;
  std::string family;       // the family iotprobe should conclude; "unknown" or "hostile"
  std::string description;  // one line, for README and reports
  uuid_rule uuid = uuid_rule::random;
  std::string fixed_uuid;         // for uuid_rule::fixed, as the device prints it
  bool shared_udn = false;        // the UDN is a default shared by many units
  std::string oui;                // "00:01:8e"; empty = a random OUI per device
  std::vector<std::string> models;
  std::vector<port_spec> ports;
  std::optional<ssdp_spec> ssdp;
  // Further devices behind this address (a router forwarding port 81 to a camera): each
  // family iotprobe should also conclude, with the ports that reach that device.
  std::vector<std::pair<std::string, std::vector<int>>> behind;

  const port_spec* port(int logical) const;
};

// Values that differ per device, filled into templates.
struct device_values {
  std::string ip;      // 127.x.y.z
  std::string uuid;    // "uuid:…" as the device prints it, or empty
  std::string mac;     // "aa:bb:cc:dd:ee:ff"
  std::string model;
  std::string serial;
  std::string lan_ip;  // the LAN address the device believes it has (documentation range)
};

struct render_context {
  const device_values* device = nullptr;
  std::string http_version = "HTTP/1.1";  // from the request line
  std::string st;                          // SSDP search target
};

// Fills {uuid} {uuid_bare} {mac} {mac12} {model} {serial} {lan_ip} {ip} {http_version} {st}
// {content_length} {xHH} (one byte) and {repeat:N:text}. Anything else in braces is kept.
std::string fill_template(std::string_view text, const render_context& ctx,
                          std::size_t content_length = 0);

// The full response bytes for a route: the body filled first, then the head with
// {content_length} set to the body's size.
std::string render_route(const route& r, const render_context& ctx);

// Parses a route file: head lines (LF or CRLF) up to the first empty line become
// CRLF-terminated; the rest is the body, byte for byte.
route parse_route_file(std::string_view text, bool raw);

// Loads one persona directory (persona.txt plus its route files). Throws
// std::runtime_error with file and line on a malformed persona: personas are ours.
persona load_persona(const std::filesystem::path& dir);

// Loads every subdirectory that holds a persona.txt, by name.
std::map<std::string, persona> load_personas(const std::filesystem::path& root);

// The compiled-in personas directory (the source tree's tests/mock/personas).
std::filesystem::path default_personas_dir();

}  // namespace iotprobe::mock
