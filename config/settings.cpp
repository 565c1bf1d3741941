// Reads iotprobe's `key = value` config text into settings and checks it. Every error is a
// config_error naming the source and line. Std-only: no sockets, no other project folders.
// Keys (one per line, '#' after a blank or at the start begins a comment; repeatable keys
// accumulate):
//   profile, ports.<profile>, ports (override), paths.<port>, paths.fallback, banner.<port>,
//   port_map, https_ports, ssdp, ssdp_st, follow_location, user_agent, blocklist, allow, exclude,
//   known_default_udn, fingerprints, min_certainty, honeypot_families, the darknet rules
//   (scanner_min_ports, scanner_min_packets, mirai_min_syns, mirai_min_destinations) and
//   every field of `limits` by its name.
#include "config/settings.hpp"

#include "config/request_paths.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace iotprobe::config {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(value);
  while (std::getline(in, item, ',')) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

long long to_integer(const std::string& key, const std::string& value, long long lo, long long hi) {
  long long n = 0;
  const auto* end = value.data() + value.size();
  const auto [p, ec] = std::from_chars(value.data(), end, n);
  if (ec != std::errc{} || p != end || n < lo || n > hi)
    throw config_error(key + ": expected an integer in [" + std::to_string(lo) + ", " +
                       std::to_string(hi) + "], got '" + value + "'");
  return n;
}

double to_fraction(const std::string& key, const std::string& value) {
  double x = 0;
  const auto* end = value.data() + value.size();
  const auto [p, ec] = std::from_chars(value.data(), end, x);
  if (ec != std::errc{} || p != end || !(x >= 0.0 && x <= 1.0))
    throw config_error(key + ": expected a number in [0, 1], got '" + value + "'");
  return x;
}

int to_port(const std::string& key, const std::string& value) {
  return static_cast<int>(to_integer(key, value, 1, 65535));
}

bool to_bool(const std::string& key, const std::string& value) {
  if (value == "on" || value == "true" || value == "yes" || value == "1") return true;
  if (value == "off" || value == "false" || value == "no" || value == "0") return false;
  throw config_error(key + ": expected on/off, got '" + value + "'");
}

// '#' starts a comment at the start of a line or after a space or tab, so a URL fragment
// (user_agent = ... https://example.org/#opt-out) stays part of the value.
std::size_t comment_start(const std::string& line) {
  for (std::size_t i = line.find('#'); i != std::string::npos; i = line.find('#', i + 1))
    if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t') return i;
  return std::string::npos;
}

// An empty name stays empty (validate() then names the missing file) rather than becoming
// the config's own folder.
std::string resolve(const std::string& base_dir, const std::string& file) {
  if (file.empty()) return {};
  const std::filesystem::path p(file);
  if (p.is_absolute() || base_dir.empty()) return p.lexically_normal().string();
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

std::vector<int> to_ports(const std::string& key, const std::string& value) {
  std::vector<int> ports;
  for (const auto& item : split_list(value)) ports.push_back(to_port(key, item));
  return ports;
}

void apply_port_map(settings& s, const std::string& key, const std::string& value) {
  for (const auto& item : split_list(value)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw config_error(key + ": expected LOGICAL=WIRE, got '" + item + "'");
    s.port_map[to_port(key, trim(item.substr(0, eq)))] = to_port(key, trim(item.substr(eq + 1)));
  }
}

// The limits, by key name: returns false when `key` is not a limit.
bool apply_limit(limits& l, const std::string& key, const std::string& v) {
  constexpr long long big = 1LL << 40;
  if (key == "max_in_flight") l.max_in_flight = to_integer(key, v, 1, 1000000);
  else if (key == "connect_rate") l.connect_rate = static_cast<double>(to_integer(key, v, 1, 10000000));
  else if (key == "connect_burst") l.connect_burst = to_integer(key, v, 0, 10000000);
  else if (key == "per_host_connections") l.per_host_connections = to_integer(key, v, 1, 64);
  else if (key == "host_deadline_ms") l.host_deadline_ms = static_cast<int>(to_integer(key, v, 1, 3600000));
  else if (key == "connect_timeout_ms") l.connect_timeout_ms = static_cast<int>(to_integer(key, v, 1, 600000));
  else if (key == "transfer_deadline_ms") l.transfer_deadline_ms = static_cast<int>(to_integer(key, v, 1, 3600000));
  else if (key == "max_header_bytes") l.max_header_bytes = to_integer(key, v, 256, big);
  else if (key == "max_body_bytes") l.max_body_bytes = to_integer(key, v, 0, big);
  else if (key == "max_redirects") l.max_redirects = static_cast<int>(to_integer(key, v, 0, 2));
  else if (key == "ssdp_window_ms") l.ssdp_window_ms = static_cast<int>(to_integer(key, v, 1, 60000));
  else if (key == "banner_bytes") l.banner_bytes = to_integer(key, v, 1, big);
  else if (key == "dedupe_window") l.dedupe_window = to_integer(key, v, 0, 100000000);
  else if (key == "stored_raw_bytes_per_host") l.stored_raw_bytes_per_host = to_integer(key, v, 0, big);
  else return false;
  return true;
}

void apply_banner(settings& s, const std::string& key, const std::string& value,
                  const std::string& base_dir) {
  banner_port b;
  b.port = to_port(key, key.substr(7));
  if (!value.empty() && value != "none") b.payload_file = resolve(base_dir, value);
  std::erase_if(s.banner_ports, [&](const banner_port& x) { return x.port == b.port; });
  s.banner_ports.push_back(b);
}

// A description path list, each path checked here so a bad one is reported with its line.
std::vector<std::string> to_paths(const std::string& key, const std::string& value) {
  auto paths = split_list(value);
  for (const auto& p : paths)
    if (const auto why = path_refusal(p)) throw config_error(key + ": bad path '" + p + "': " + *why);
  return paths;
}

bool apply_prefixed(settings& s, const std::string& key, const std::string& value,
                    const std::string& base_dir) {
  if (key.rfind("ports.", 0) == 0) {
    s.profiles[key.substr(6)] = to_ports(key, value);
  } else if (key == "paths.fallback") {
    s.fallback_paths = to_paths(key, value);
  } else if (key.rfind("paths.", 0) == 0) {
    s.description_paths[to_port(key, key.substr(6))] = to_paths(key, value);
  } else if (key.rfind("banner.", 0) == 0) {
    apply_banner(s, key, value, base_dir);
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::vector<int> settings::probed_ports() const {
  if (ports_override) return *ports_override;
  const auto it = profiles.find(profile);
  return it == profiles.end() ? std::vector<int>{} : it->second;
}

namespace {
std::vector<int> ports_where(const settings& s, bool tls) {
  std::vector<int> out;
  for (const int port : s.probed_ports()) {
    const bool is_tls =
        std::find(s.tls_ports.begin(), s.tls_ports.end(), port) != s.tls_ports.end();
    if (is_tls == tls) out.push_back(port);
  }
  return out;
}
}  // namespace

std::vector<int> settings::http_ports() const { return ports_where(*this, false); }
std::vector<int> settings::https_ports() const { return ports_where(*this, true); }

const std::vector<std::string>& settings::paths_for(int port) const {
  const auto it = description_paths.find(port);
  return it == description_paths.end() ? fallback_paths : it->second;
}

int settings::wire_port(int logical) const {
  const auto it = port_map.find(logical);
  return it == port_map.end() ? logical : it->second;
}

std::string default_config_dir() { return IOTPROBE_CONFIG_DIR; }
std::string default_config_path() { return default_config_dir() + "/iotprobe.conf"; }

void apply_setting(settings& s, const std::string& key, const std::string& value,
                   const std::string& base_dir) {
  // `key = #…` would be written back by to_config_text as a comment: refuse it here.
  if (!value.empty() && value.front() == '#')
    throw config_error(key + ": a value cannot start with '#' (it reads as a comment)");
  if (apply_limit(s.limits, key, value) || apply_prefixed(s, key, value, base_dir)) return;
  if (key == "profile") s.profile = value;
  else if (key == "ports") s.ports_override = to_ports(key, value);
  else if (key == "port_map") apply_port_map(s, key, value);
  else if (key == "https_ports") s.tls_ports = to_ports(key, value);
  else if (key == "ssdp") s.ssdp = to_bool(key, value);
  else if (key == "ssdp_st") s.ssdp_st = value;
  else if (key == "follow_location") s.follow_location = to_bool(key, value);
  else if (key == "user_agent") s.user_agent = value;
  else if (key == "blocklist") s.blocklist_file = resolve(base_dir, value);
  else if (key == "allow") s.allow.push_back(value);
  else if (key == "exclude") s.exclude_files.push_back(resolve(base_dir, value));
  else if (key == "known_default_udn") s.known_default_udns.push_back(value);
  else if (key == "scanner_min_ports")
    s.darknet.scanner_min_ports = static_cast<std::uint32_t>(to_integer(key, value, 1, 65536));
  else if (key == "scanner_min_packets")
    s.darknet.scanner_min_packets = to_integer(key, value, 1, 1LL << 50);
  else if (key == "mirai_min_syns")
    s.darknet.mirai_min_syns = to_integer(key, value, 1, 1LL << 50);
  else if (key == "mirai_min_destinations")  // the extractor remembers 4 per source and day
    s.darknet.mirai_min_destinations = static_cast<std::uint32_t>(to_integer(key, value, 1, 4));
  else if (key == "min_certainty") s.identity.min_certainty = to_fraction(key, value);
  else if (key == "honeypot_families")
    s.identity.honeypot_families = static_cast<std::uint32_t>(to_integer(key, value, 0, 64));
  else if (key == "fingerprints") s.fingerprint_databases.push_back(resolve(base_dir, value));
  else throw config_error("unknown key '" + key + "'");
}

settings parse_settings(const std::string& text, const std::string& name,
                        const std::string& base_dir) {
  settings s;
  s.source = name;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string body = trim(line.substr(0, comment_start(line)));
    if (body.empty()) continue;
    const auto eq = body.find('=');
    if (eq == std::string::npos)
      throw config_error(name + ":" + std::to_string(number) + ": expected 'key = value'");
    try {
      apply_setting(s, trim(body.substr(0, eq)), trim(body.substr(eq + 1)), base_dir);
    } catch (const config_error& e) {
      throw config_error(name + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return s;
}

settings load_settings(const std::string& path) { return load_settings(path, {}); }

settings load_settings(const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& overrides) {
  const std::string file = path.empty() ? default_config_path() : path;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw config_error("cannot read config file '" + file + "'");
  std::ostringstream text;
  text << in.rdbuf();
  const auto dir = std::filesystem::absolute(file).parent_path().string();
  settings s = parse_settings(text.str(), file, dir);
  const auto cwd = std::filesystem::current_path().string();
  for (const auto& [key, value] : overrides) {
    try {
      apply_setting(s, key, value, cwd);
    } catch (const config_error& e) {
      throw config_error(std::string("option --") + key + ": " + e.what());
    }
  }
  validate(s);
  return s;
}

std::vector<std::string> fingerprint_files(const settings& s) {
  std::vector<std::string> files;
  for (const auto& entry : s.fingerprint_databases) {
    std::error_code ec;
    if (!std::filesystem::is_directory(entry, ec)) {
      files.push_back(entry);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& f : std::filesystem::directory_iterator(entry, ec))
      if (f.path().extension() == ".xml") found.push_back(f.path().string());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Cross-key checks, after the file and the flags: errors name the config file, since no
// single line is at fault.
void validate(const settings& s) {
  const std::string where = s.source.empty() ? "built-in settings" : s.source;
  const auto fail = [&where](const std::string& why) { throw config_error(where + ": " + why); };
  if (!s.ports_override && !s.profiles.count(s.profile))
    fail("profile '" + s.profile + "' has no ports.<profile> line");
  if (s.probed_ports().empty() && s.banner_ports.empty()) fail("no ports to probe");
  if (s.user_agent.empty()) fail("user_agent must not be empty");
  if (s.user_agent.find_first_of("\r\n") != std::string::npos) fail("user_agent must be one line");
  if (s.blocklist_file.empty()) fail("blocklist must name the reserved-ranges file");
  for (const auto& [port, paths] : s.description_paths)
    for (const auto& p : paths)
      if (const auto why = path_refusal(p))
        fail("paths." + std::to_string(port) + ": bad path '" + p + "': " + *why);
  for (const auto& p : s.fallback_paths)
    if (const auto why = path_refusal(p)) fail("paths.fallback: bad path '" + p + "': " + *why);
  if (s.limits.max_redirects > 2) fail("max_redirects must be at most 2");
  if (s.limits.connect_timeout_ms > s.limits.transfer_deadline_ms)
    fail("connect_timeout_ms must not exceed transfer_deadline_ms");
}

}  // namespace iotprobe::config
