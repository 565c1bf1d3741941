// Readable summaries of parser results (see text_views.hpp): one "label  value" line per
// fact, the headers indented below. Every device string passes through terminal_safe.
#include "prober/cli/text_views.hpp"

#include <fmt/format.h>

#include <optional>

namespace iotprobe::cli {
namespace {

// Length of a valid UTF-8 sequence at text[i] that is not a C1 control, else 0.
std::size_t printable_sequence(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead >= 0x20 && lead < 0x7f) return 1;
  const std::size_t length = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3
                             : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || text.size() - i < length || lead < 0xC2 || lead > 0xF4) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (lead == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) return 0;  // C1
  return length;
}

void line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("{:<10}  {}\n", label, value);
}

std::string optional_text(const std::optional<std::string>& value) {
  return value ? terminal_safe(*value) : std::string("(absent)");
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
                                           r.title->charset)
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

}  // namespace

std::string terminal_safe(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = printable_sequence(text, i);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string http_response_summary(const parsers::http_response& r) {
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

std::string ssdp_reply_summary(const parsers::ssdp_reply& r) {
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

std::string upnp_description_summary(const parsers::upnp_description& d) {
  std::string out;
  line(out, "status", parsers::to_string(d.status));
  if (!d.detail.empty()) line(out, "detail", terminal_safe(d.detail));
  if (d.url_base) line(out, "URLBase", terminal_safe(*d.url_base));
  for (const auto& device : d.devices) {
    out += fmt::format("device {}\n", device.path);
    line(out, "  type", optional_text(device.device_type));
    line(out, "  name", optional_text(device.friendly_name));
    line(out, "  maker", optional_text(device.manufacturer));
    line(out, "  model", fmt::format("{} / {}", optional_text(device.model_name),
                                     optional_text(device.model_number)));
    line(out, "  serial", optional_text(device.serial_number));
    line(out, "  UDN", optional_text(device.udn));
    if (device.udn_parsed && device.udn_parsed->mac) {
      line(out, "  MAC", *device.udn_parsed->mac);
    }
    for (const auto& service : device.services) line(out, "  service", optional_text(service.service_type));
  }
  if (d.devices_truncated) line(out, "note", "more devices than the cap; the rest dropped");
  return out;
}

}  // namespace iotprobe::cli
