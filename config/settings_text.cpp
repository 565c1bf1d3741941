// Writes effective settings back as config text (`iotprobe config show`). The output is
// a valid config file: parse_settings(to_config_text(s)) yields the same settings.
// Never prints anything but the settings themselves (no secrets exist in them). Also the
// text a run's config hash covers: the settings plus the bytes of the files they name.
#include "config/settings.hpp"

#include <fstream>
#include <sstream>

namespace iotprobe::config {
namespace {

template <typename T>
std::string join(const std::vector<T>& items) {
  std::ostringstream out;
  for (std::size_t i = 0; i < items.size(); ++i) out << (i ? ", " : "") << items[i];
  return out.str();
}

void write_limits(std::ostringstream& out, const limits& l) {
  out << "\n# limits\n"
      << "max_in_flight = " << l.max_in_flight << "\n"
      << "connect_rate = " << static_cast<long long>(l.connect_rate) << "\n"
      << "connect_burst = " << l.connect_burst << "\n"
      << "per_host_connections = " << l.per_host_connections << "\n"
      << "host_deadline_ms = " << l.host_deadline_ms << "\n"
      << "connect_timeout_ms = " << l.connect_timeout_ms << "\n"
      << "transfer_deadline_ms = " << l.transfer_deadline_ms << "\n"
      << "max_header_bytes = " << l.max_header_bytes << "\n"
      << "max_body_bytes = " << l.max_body_bytes << "\n"
      << "max_redirects = " << l.max_redirects << "\n"
      << "ssdp_window_ms = " << l.ssdp_window_ms << "\n"
      << "banner_bytes = " << l.banner_bytes << "\n"
      << "dedupe_window = " << l.dedupe_window << "\n"
      << "stored_raw_bytes_per_host = " << l.stored_raw_bytes_per_host << "\n";
}

void write_darknet(std::ostringstream& out, const darknet_rules& d) {
  out << "\n# darknet rules (extract, batch --pcap)\n"
      << "scanner_min_ports = " << d.scanner_min_ports << "\n"
      << "scanner_min_packets = " << d.scanner_min_packets << "\n"
      << "mirai_min_syns = " << d.mirai_min_syns << "\n"
      << "mirai_min_destinations = " << d.mirai_min_destinations << "\n";
}

void write_plan(std::ostringstream& out, const settings& s) {
  out << "# effective settings (from " << s.source << ")\n"
      << "profile = " << s.profile << "\n";
  for (const auto& [name, ports] : s.profiles) out << "ports." << name << " = " << join(ports) << "\n";
  if (s.ports_override) out << "ports = " << join(*s.ports_override) << "\n";
  if (!s.tls_ports.empty()) out << "https_ports = " << join(s.tls_ports) << "\n";
  out << "# probed HTTP ports: " << join(s.http_ports()) << "\n";
  if (!s.tls_ports.empty()) out << "# probed HTTPS ports: " << join(s.https_ports()) << "\n";
  for (const auto& [port, paths] : s.description_paths)
    out << "paths." << port << " = " << join(paths) << "\n";
  out << "paths.fallback = " << join(s.fallback_paths) << "\n";
  for (const auto& b : s.banner_ports)
    out << "banner." << b.port << " = " << (b.payload_file.empty() ? "none" : b.payload_file) << "\n";
  if (!s.port_map.empty()) {
    out << "port_map = ";
    bool first = true;
    for (const auto& [logical, wire] : s.port_map) {
      out << (first ? "" : ", ") << logical << "=" << wire;
      first = false;
    }
    out << "\n";
  }
  out << "ssdp = " << (s.ssdp ? "on" : "off") << "\n"
      << "ssdp_st = " << s.ssdp_st << "\n"
      << "follow_location = " << (s.follow_location ? "on" : "off") << "\n"
      << "user_agent = " << s.user_agent << "\n";
}

}  // namespace

std::string to_config_text(const settings& s) {
  std::ostringstream out;
  write_plan(out, s);
  out << "\n# safety\nblocklist = " << s.blocklist_file << "\n";
  for (const auto& a : s.allow) out << "allow = " << a << "\n";
  for (const auto& e : s.exclude_files) out << "exclude = " << e << "\n";
  out << "\n# identity and fingerprints\n";
  for (const auto& u : s.known_default_udns) out << "known_default_udn = " << u << "\n";
  for (const auto& f : s.fingerprint_databases) out << "fingerprints = " << f << "\n";
  out << "min_certainty = " << s.identity.min_certainty << "\n"
      << "honeypot_families = " << s.identity.honeypot_families << "\n";
  write_limits(out, s.limits);
  write_darknet(out, s.darknet);
  return out.str();
}

std::string canonical_config_text(const settings& s) {
  std::istringstream in(to_config_text(s));
  std::string out, line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') out += line + "\n";
  return out;
}

namespace {

void append_file(std::string& out, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (in) bytes << in.rdbuf();
  out += "\n# file " + path + (in ? " " + std::to_string(bytes.str().size()) + " bytes\n" : " missing\n");
  out += bytes.str();
}

}  // namespace

std::string resume_identity_text(const settings& s) {
  std::string out = canonical_config_text(s);
  append_file(out, s.blocklist_file);
  for (const auto& f : s.exclude_files) append_file(out, f);
  for (const auto& f : fingerprint_files(s)) append_file(out, f);
  for (const auto& b : s.banner_ports)
    if (!b.payload_file.empty()) append_file(out, b.payload_file);
  return out;
}

}  // namespace iotprobe::config
