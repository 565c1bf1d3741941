// iotprobe's effective settings: the probe plan (ports, description paths, port map),
// the limits, the safety lists and the data files, read from `key = value` config text.
// Loading throws config_error at this edge; nothing here opens a socket or reads the
// blocklist itself (prober/blocklist does), so config/ stays std-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace iotprobe::config {

// A config file or flag that cannot be used; the message names the file, line and key.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct limits {
  std::size_t max_in_flight = 1000;      // global open connections (TCP + UDP sockets)
  double connect_rate = 500;             // new connections per second (token bucket)
  std::size_t connect_burst = 0;         // bucket depth; 0 = same as connect_rate
  std::size_t per_host_connections = 2;  // concurrent connections to one host
  int host_deadline_ms = 30000;          // everything for one host ends by then
  int connect_timeout_ms = 5000;
  int transfer_deadline_ms = 10000;      // one request, connect to last byte
  std::size_t max_header_bytes = 32 * 1024;
  std::size_t max_body_bytes = 256 * 1024;
  int max_redirects = 2;
  int ssdp_window_ms = 1500;             // how long unicast SSDP replies are collected
  std::size_t banner_bytes = 4096;       // raw TCP banner cap
  std::size_t dedupe_window = 262144;    // recent targets remembered to skip duplicates
  std::size_t stored_raw_bytes_per_host = 256 * 1024;  // raw response bytes the store keeps per host
};

// The darknet definitions `extract` and `batch --pcap` apply (issue 7): a source whose
// TCP-SYN and UDP packets reach >= scanner_min_ports distinct ports with >=
// scanner_min_packets packets on one day is a survey scanner, not a Mirai bot.
// A source is listed as Mirai-infected with at least mirai_min_syns Mirai SYNs reaching at
// least mirai_min_destinations distinct addresses on one day (NICTER's definition, one SYN,
// is the default; a higher minimum filters a spoofed spike, issue 11).
struct darknet_rules {
  std::uint32_t scanner_min_ports = 30;
  std::uint64_t scanner_min_packets = 300000;
  std::uint64_t mirai_min_syns = 1;
  std::uint32_t mirai_min_destinations = 1;
};

// How verdicts become counts (issue 11): a device less certain than min_certainty is not
// identified; an address with honeypot_families or more families is honeypot-like and
// left out of the counts (0 = never).
struct identity_rules {
  double min_certainty = 0.5;
  std::uint32_t honeypot_families = 3;
};

// A port probed with a raw TCP banner grab instead of HTTP.
struct banner_port {
  int port = 0;
  std::string payload_file;  // optional fixed probe bytes (a data file under config/); "" = none
};

struct settings {
  std::string source;                             // file it came from ("built-in" otherwise)
  std::string profile = "default";                // which profiles entry gives the ports
  std::map<std::string, std::vector<int>> profiles;  // "default", "extended", …
  std::optional<std::vector<int>> ports_override;    // --ports: replaces the profile's list
  std::map<int, std::vector<std::string>> description_paths;  // per logical port
  std::vector<std::string> fallback_paths;        // ports without their own list
  std::vector<banner_port> banner_ports;          // non-HTTP ports (raw banner)
  std::vector<int> tls_ports;                     // key https_ports: probed ports that speak TLS
  std::map<int, int> port_map;                    // logical -> wire (tests, demo)
  bool ssdp = true;                               // unicast M-SEARCH to UDP 1900
  std::string ssdp_st = "upnp:rootdevice";
  bool follow_location = true;                    // fetch the SSDP LOCATION (checked)
  std::string user_agent;
  std::string blocklist_file;                     // absolute after loading
  std::vector<std::string> allow;                 // CIDRs let through the built-in blocklist
  std::vector<std::string> exclude_files;         // user blocklists; allow never overrides
  std::vector<std::string> known_default_udns;    // compiled-in UDNs shared by many units
  std::vector<std::string> fingerprint_databases; // absolute paths of Recog-style XML files
  struct limits limits;
  struct darknet_rules darknet;
  struct identity_rules identity;

  // Every logical port GET / opens, in order: ports_override or the profile's list.
  std::vector<int> probed_ports() const;
  // Of probed_ports, those spoken over plain HTTP (not in tls_ports), in order.
  std::vector<int> http_ports() const;
  // Of probed_ports, those spoken over TLS (in tls_ports), in order.
  std::vector<int> https_ports() const;
  // The description paths for a logical port (its own list, else fallback_paths).
  const std::vector<std::string>& paths_for(int port) const;
  // The wire port for a logical port (itself when unmapped).
  int wire_port(int logical) const;
};

// The directory holding the shipped iotprobe.conf, blocklist.conf and fingerprints/.
std::string default_config_dir();
// <default_config_dir>/iotprobe.conf
std::string default_config_path();

// Parses config text. `base_dir` resolves relative file names. Unknown keys, bad numbers
// and impossible limits throw config_error naming `name` and the line.
settings parse_settings(const std::string& text, const std::string& name,
                        const std::string& base_dir);
// Reads and parses a file (default_config_path() when `path` is empty).
settings load_settings(const std::string& path = {});
// Reads `path` (or the default) and then applies `overrides` (key, value) in order,
// exactly as if they were lines appended to the file: CLI flags use this.
settings load_settings(const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& overrides);

// Applies one `key = value` (the same keys the file uses); throws config_error.
void apply_setting(settings& s, const std::string& key, const std::string& value,
                   const std::string& base_dir);
// Throws config_error, naming `source`, when the settings cannot run (no ports, a refused
// description path (config/request_paths.hpp), more than 2 redirects, …).
void validate(const settings& s);
// fingerprint_databases with each directory expanded to its *.xml files in name order.
std::vector<std::string> fingerprint_files(const settings& s);
// The effective settings as config text that parse_settings reads back unchanged.
std::string to_config_text(const settings& s);
// to_config_text without comments or blank lines: what a run's config hash covers, so the
// same settings read from another path (or another copy) resume the same run.
std::string canonical_config_text(const settings& s);
// canonical_config_text followed by the bytes of every file the settings name (blocklist,
// exclude files, fingerprint databases, banner payloads), each under its path: what a run's
// config hash covers, so an edited database or blocklist is not resumed silently. A file
// that cannot be read counts as "missing" (loading it reports the error).
std::string resume_identity_text(const settings& s);

}  // namespace iotprobe::config
