// The readable parse summaries (see response_text.hpp). Labels are ours; every value
// that came from the input is terminal_safe'd.
#include "prober/output/response_text.hpp"

#include "prober/output/terminal.hpp"

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace iotprobe::output {
namespace {

void line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("{:<10}  {}\n", label, value);
}

std::string optional_text(const std::optional<std::string>& value) {
  return terminal_safe_or(value, "(absent)");
}

void headers_block(std::string& out, const std::vector<parsers::http_header>& headers) {
  line(out, "headers", std::to_string(headers.size()));
  for (const auto& h : headers) {
    out += fmt::format("  {}: {}\n", terminal_safe(h.name), terminal_safe(h.value));
  }
}

std::string flags(const parsers::http_response& r) {
  std::string out;
  for (const auto& [set, name] : {std::pair{r.chunked, "chunked"},
                                  std::pair{r.body_truncated, "body_truncated"},
                                  std::pair{r.headers_truncated, "headers_truncated"},
                                  std::pair{r.duplicated_status_line, "duplicated_status_line"}}) {
    if (set) out += (out.empty() ? "" : " ") + std::string(name);
  }
  return out.empty() ? "-" : out;
}

void http_details(std::string& out, const parsers::http_response& r) {
  const auto server = r.server();
  line(out, "server", server ? terminal_safe(*server) : "(absent)");
  line(out, "charset", r.charset.empty() ? "(none declared)" : terminal_safe(r.charset));
  line(out, "title", r.title ? fmt::format("{} [{}]", terminal_safe(r.title->utf8),
                                           terminal_safe(r.title->charset))
                             : "(none)");
  if (r.auth) {
    line(out, "auth", fmt::format("{} realm={}", terminal_safe(r.auth->scheme),
                                  r.auth->realm ? "\"" + terminal_safe(*r.auth->realm) + "\""
                                                : "(absent)"));
  }
  headers_block(out, r.headers);
  for (const auto& bad : r.malformed_header_lines) line(out, "malformed", terminal_safe(bad));
  line(out, "body", fmt::format("{} bytes", r.body.size()));
  line(out, "flags", flags(r));
}

void device_lines(std::string& out, const parsers::upnp_device& device) {
  out += fmt::format("device {}\n", terminal_safe(device.path));
  line(out, "  type", optional_text(device.device_type));
  line(out, "  name", optional_text(device.friendly_name));
  line(out, "  maker", optional_text(device.manufacturer));
  line(out, "  model", fmt::format("{} / {}", optional_text(device.model_name),
                                   optional_text(device.model_number)));
  line(out, "  serial", optional_text(device.serial_number));
  line(out, "  UDN", optional_text(device.udn));
  if (device.udn_parsed && device.udn_parsed->mac) {
    line(out, "  MAC", terminal_safe(*device.udn_parsed->mac));
  }
  for (const auto& service : device.services) line(out, "  service", optional_text(service.service_type));
}

std::string evidence_text(const parsers::evidence& e) {
  std::string text = fmt::format("{} {} {} = \"{}\" -> {} [{}]", e.port, parsers::to_string(e.probe),
                                 terminal_safe(e.field), terminal_safe(e.value),
                                 terminal_safe(e.fingerprint), terminal_safe(e.database));
  if (const auto family = e.params.find("iot.family"); family != e.params.end())
    text += fmt::format(" family={}", terminal_safe(family->second));
  return text;
}

void verdict_line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("  {:<10}  {}\n", label, value);
}

}  // namespace

std::string http_response_text(const parsers::http_response& r) {
  std::string out;
  line(out, "status", parsers::to_string(r.status));
  if (!r.detail.empty()) line(out, "detail", terminal_safe(r.detail));
  if (r.status == parsers::probe_status::ok) {
    line(out, "response", r.version.empty() ? std::string("HTTP/0.9 (no status line)")
                                            : terminal_safe(fmt::format("{} {} {}", r.version,
                                                                        r.status_code, r.reason)));
    http_details(out, r);
  } else {
    line(out, "bytes", fmt::format("{} kept", r.body.size()));
  }
  return out;
}

std::string ssdp_reply_text(const parsers::ssdp_reply& r) {
  std::string out;
  line(out, "status", parsers::to_string(r.status));
  if (!r.detail.empty()) line(out, "detail", terminal_safe(r.detail));
  if (r.status != parsers::probe_status::ok) return out;
  line(out, "response", terminal_safe(fmt::format("{} {} {}", r.version, r.status_code, r.reason)));
  line(out, "location", optional_text(r.location));
  line(out, "server", optional_text(r.server));
  line(out, "usn", optional_text(r.usn));
  line(out, "st", optional_text(r.st));
  line(out, "cache", optional_text(r.cache_control));
  line(out, "ext", r.ext ? "present" : "absent");
  headers_block(out, r.headers);
  return out;
}

std::string upnp_description_text(const parsers::upnp_description& d) {
  std::string out;
  line(out, "status", parsers::to_string(d.status));
  if (!d.detail.empty()) line(out, "detail", terminal_safe(d.detail));
  if (d.url_base) line(out, "URLBase", terminal_safe(*d.url_base));
  for (const auto& device : d.devices) device_lines(out, device);
  if (d.devices_truncated) line(out, "note", "more devices than the cap; the rest dropped");
  return out;
}

std::string verdict_block_text(const parsers::verdict& verdict) {
  std::string out = "verdict\n";
  verdict_line(out, "family", terminal_safe_or(verdict.family, "-"));
  verdict_line(out, "vendor", terminal_safe_or(verdict.vendor, "-"));
  verdict_line(out, "product", terminal_safe_or(verdict.product, "-"));
  verdict_line(out, "version", terminal_safe_or(verdict.version, "-"));
  verdict_line(out, "certainty", fmt::format("{:.2f}", verdict.certainty));
  if (verdict.evidence.empty()) verdict_line(out, "evidence", "none");
  for (const parsers::evidence& e : verdict.evidence) verdict_line(out, "evidence", evidence_text(e));
  if (verdict.conflicts.empty()) verdict_line(out, "conflicts", "none");
  for (const std::string& c : verdict.conflicts) verdict_line(out, "conflict", terminal_safe(c));
  return out;
}

}  // namespace iotprobe::output
