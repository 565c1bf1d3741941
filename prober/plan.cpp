// The probe plan's rules as pure functions: port plans from probe_table, the follow rule
// for redirects and LOCATIONs (same IP literal, configured port, blocklist), and the mapping
// from an HTTP exchange to a probe_result. No I/O except what an opening probe reads.
#include "prober/plan.hpp"

#include "config/request_paths.hpp"
#include "parsers/core/text.hpp"
#include "prober/probes/probe_table.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace iotprobe::prober {

using parsers::probe_status;

std::vector<port_plan> make_port_plans(const config::settings& settings) {
  std::vector<port_plan> plans;
  for (const probe* p : probe_table) {
    if (!p->plan_ports) continue;
    auto ports = p->plan_ports(settings);
    std::move(ports.begin(), ports.end(), std::back_inserter(plans));
  }
  return plans;
}

parsers::probe_result probe_note(int port, parsers::probe_kind probe, std::string path,
                                 probe_status status, std::string detail) {
  parsers::probe_result r;
  r.port = port;
  r.probe = probe;
  r.path = std::move(path);
  r.status = status;
  r.detail = std::move(detail);
  return r;
}

bool port_is_dead(const parsers::probe_result& r) {
  const auto s = r.status;
  return s == probe_status::refused || s == probe_status::timeout ||
         s == probe_status::unreachable || s == probe_status::blocked ||
         (s == probe_status::reset && r.raw.empty());
}

namespace {

struct split_url {
  std::string host;
  std::optional<int> port;
  std::string path;
};

// "http://host[:port][/path]" → parts; the host may be a [v6] literal. nullopt if malformed.
std::optional<split_url> split_absolute(const std::string& rest) {
  split_url u;
  const auto slash = rest.find_first_of("/?#");
  const std::string authority = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (u.path.front() != '/') u.path.insert(0, "/");  // "http://ip?x" asks for "/?x"
  if (authority.find('@') != std::string::npos) return std::nullopt;  // no userinfo
  std::string port_text;
  if (!authority.empty() && authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port_text = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.rfind(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (!port_text.empty()) {
    const auto digit = [](unsigned char c) { return std::isdigit(c) != 0; };
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), digit))
      return std::nullopt;
    u.port = std::stoi(port_text);
  }
  return u;
}

bool same_address(const std::string& a, const std::string& b) {
  boost::system::error_code e1, e2;
  const auto x = boost::asio::ip::make_address(a, e1);
  const auto y = boost::asio::ip::make_address(b, e2);
  return !e1 && !e2 && address_key(x) == address_key(y);
}

}  // namespace

follow_decision decide_follow(const std::string& location_in, const std::string& target_ip,
                              int base_port, const config::settings& settings,
                              const blocklist& blocks, bool tls) {
  const std::string location(parsers::trim(location_in));
  if (location.empty()) return {std::nullopt, "empty location"};
  if (location.find_first_of(" \r\n\t") != std::string::npos)
    return {std::nullopt, "location contains whitespace"};
  followed_url url{target_ip, base_port, {}};
  const std::string scheme = tls ? "https://" : "http://";
  if (parsers::istarts_with(location, scheme)) {
    const auto parts = split_absolute(location.substr(scheme.size()));
    if (!parts) return {std::nullopt, "malformed location '" + location + "'"};
    if (!same_address(parts->host, target_ip))
      return {std::nullopt, "location host '" + parts->host + "' is not the target " + target_ip};
    url.port = parts->port.value_or(tls ? 443 : 80);
    url.path = parts->path;
  } else if (location.find("://") != std::string::npos || location.rfind("//", 0) == 0) {
    return {std::nullopt, std::string("location is not ") + (tls ? "https" : "plain http") +
                              " to the target: '" + location + "'"};
  } else {
    url.path = location[0] == '/' ? location : "/" + location;
  }
  const auto ports = tls ? settings.https_ports() : settings.http_ports();
  if (std::find(ports.begin(), ports.end(), url.port) == ports.end())
    return {std::nullopt, "location port " + std::to_string(url.port) + " is not a configured port"};
  // The device chose this path: it obeys the same never-request rule as the config's.
  if (const auto why = config::path_refusal(url.path)) return {std::nullopt, *why};
  const auto check = blocks.check(url.ip);
  if (!check.allowed()) return {std::nullopt, check.detail};
  return {url, {}};
}

parsers::probe_result http_probe_result(int port, parsers::probe_kind probe, std::string path,
                                        probe_status transport, std::string detail,
                                        std::string raw, double elapsed_ms,
                                        const config::settings& settings) {
  auto r = probe_note(port, probe, std::move(path), transport, std::move(detail));
  r.elapsed_ms = elapsed_ms;
  if (!raw.empty()) {
    parsers::http_limits limits;
    limits.max_header_bytes = settings.limits.max_header_bytes;
    limits.max_body_bytes = settings.limits.max_body_bytes;
    r.http = parsers::parse_http_response(raw, limits);
  }
  r.raw = std::move(raw);
  if (transport != probe_status::ok) return r;
  if (!r.http) {
    r.status = probe_status::reset;
    r.detail = "connection closed without an answer";
  } else if (r.http->status != probe_status::ok) {
    r.status = r.http->status;
    r.detail = r.http->detail;
  } else if (r.http->status_code != 0 && (r.http->status_code < 200 || r.http->status_code > 299)) {
    r.status = probe_status::http_error;
    r.detail = "HTTP " + std::to_string(r.http->status_code);
  }
  return r;
}

bool attach_description(parsers::probe_result& result, const config::settings& settings) {
  if (result.status != probe_status::ok || !result.http) return false;
  parsers::upnp_limits limits;
  limits.max_document_bytes = settings.limits.max_body_bytes;
  result.description = parsers::parse_upnp_description(result.http->body, limits);
  result.status = result.description->status;
  if (result.status != probe_status::ok) result.detail = result.description->detail;
  return result.status == probe_status::ok;
}

std::optional<std::string> redirect_location(const parsers::probe_result& result) {
  if (!result.http || result.http->status_code < 300 || result.http->status_code > 399)
    return std::nullopt;
  const auto location = result.http->header("Location");
  if (!location) return std::nullopt;
  return std::string(*location);
}

}  // namespace iotprobe::prober
