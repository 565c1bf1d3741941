// UPnP device description parser (see upnp_description.hpp), built on pugixml. It must
// never return a partial result for a malformed document, never expand an entity other
// than XML's five and numeric references, and never recurse deeper than max_depth.
//
// Decisions, so callers know what "malformed" means here:
// - pugixml is lenient, so this file adds the XML checks it skips: a bare or undefined
//   '&' reference (this also rejects "billion laughs": custom entities are never defined),
//   an element or attribute prefix with no xmlns binding in scope, and any text or second
//   element at document level (garbage after </root>).
// - The document element must be <root> (any prefix) with a <device> child, else parse_error.
//   Element names match exactly first, then ignoring ASCII case (<udn>, <devicetype>).
// - Leading whitespace before "<?xml" is skipped, so pugixml still reads the declared
//   encoding (UTF-8, UTF-16/32 by BOM, ISO-8859-1). Other declared charsets (Shift_JIS,
//   GBK, windows-1252, …) and undeclared non-UTF-8 bytes (read as ISO-8859-1) are
//   converted first (upnp_encoding.hpp), so every value is valid UTF-8. Error offsets
//   count bytes of the document as given (for a converted encoding, bytes of the UTF-8
//   conversion after the skipped whitespace).
#include "parsers/upnp/upnp_description.hpp"

#include "parsers/core/text.hpp"
#include "parsers/upnp/upnp_encoding.hpp"

#include <pugixml.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace iotprobe::parsers {
namespace {

std::string_view local_name(std::string_view name) {
  const auto colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view prefix_of(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view{} : name.substr(0, colon);
}

upnp_description failure(std::string detail, std::ptrdiff_t offset) {
  upnp_description out;
  out.status = probe_status::parse_error;
  out.error_offset = offset;
  out.detail = std::move(detail);  // the public entry point appends the (shifted) offset
  return out;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "#123" or "#x1F": a numeric character reference body.
bool is_numeric_reference(std::string_view ref) {
  if (ref.size() < 2 || ref[0] != '#') return false;
  const bool hex = ref[1] == 'x' || ref[1] == 'X';
  const std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty()) return false;
  return std::all_of(digits.begin(), digits.end(),
                     [hex](char c) { return hex ? is_hex_digit(c) : (c >= '0' && c <= '9'); });
}

// Position of the first '&' that does not start &lt; &gt; &amp; &quot; &apos; &#N; or
// &#xH;, or npos. pugixml would leave such a reference verbatim instead of failing.
std::size_t bad_reference(std::string_view text) {
  for (std::size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    const auto semi = text.find(';', at);
    if (semi == std::string_view::npos || semi - at > 12) return at;
    const std::string_view ref = text.substr(at + 1, semi - at - 1);
    if (ref == "lt" || ref == "gt" || ref == "amp" || ref == "quot" || ref == "apos") continue;
    if (!is_numeric_reference(ref)) return at;
  }
  return std::string_view::npos;
}

// True when `prefix` has an xmlns:prefix declaration on `node` or an ancestor. The walk
// is bounded by the depth check, which runs before any descent past max_depth.
bool prefix_bound(pugi::xml_node node, std::string_view prefix) {
  if (prefix == "xml") return true;
  const std::string wanted = fmt::format("xmlns:{}", prefix);
  for (; node && node.type() == pugi::node_element; node = node.parent()) {
    if (node.attribute(wanted.c_str())) return true;
  }
  return false;
}

struct node_problem {
  std::string detail;       // empty when the node is fine
  std::ptrdiff_t delta = 0;  // offset of the problem inside the node's text
};

node_problem check_element(pugi::xml_node node, std::size_t depth, const upnp_limits& limits) {
  if (depth > limits.max_depth) return {fmt::format("nesting deeper than {} elements", limits.max_depth)};
  const std::string_view prefix = prefix_of(node.name());
  if (!prefix.empty() && (prefix == "xmlns" || !prefix_bound(node, prefix))) {
    return {fmt::format("unbound namespace prefix '{}'", prefix)};
  }
  for (const pugi::xml_attribute attr : node.attributes()) {
    const std::string_view attr_prefix = prefix_of(attr.name());
    if (bad_reference(attr.value()) != std::string_view::npos) return {"undefined entity or bare '&'"};
    if (attr_prefix.empty() || attr_prefix == "xmlns") continue;
    if (!prefix_bound(node, attr_prefix)) return {fmt::format("unbound namespace prefix '{}'", attr_prefix)};
  }
  return {};
}

node_problem check_node(pugi::xml_node node, std::size_t depth, const upnp_limits& limits) {
  if (node.type() == pugi::node_pcdata) {
    const std::size_t at = bad_reference(node.value());
    if (at == std::string_view::npos) return {};
    return {"undefined entity or bare '&'", static_cast<std::ptrdiff_t>(at)};
  }
  return node.type() == pugi::node_element ? check_element(node, depth, limits) : node_problem{};
}

// Iterative walk of the whole tree below `top` (no recursion: a 10,000-deep document is
// reported, not followed). Returns false and fills `error` at the first bad node.
bool validate_tree(pugi::xml_node top, const upnp_limits& limits, upnp_description& error) {
  pugi::xml_node node = top;
  std::size_t depth = 1;
  while (node) {
    if (node_problem problem = check_node(node, depth, limits); !problem.detail.empty()) {
      error = failure(std::move(problem.detail), node.offset_debug() + problem.delta);
      return false;
    }
    if (node.first_child()) {
      node = node.first_child();
      ++depth;
      continue;
    }
    while (node != top && !node.next_sibling()) {
      node = node.parent();
      --depth;
    }
    if (node == top) break;
    node = node.next_sibling();
  }
  return true;
}

// The single document element, or an error for text or extra elements at top level. An
// answer with no element at all (LG webOS TVs send "status=ok") is called not XML.
pugi::xml_node document_element(const pugi::xml_document& doc, upnp_description& error) {
  const bool any_element = static_cast<bool>(doc.find_child(
      [](pugi::xml_node n) { return n.type() == pugi::node_element; }));
  pugi::xml_node element;
  for (const pugi::xml_node child : doc.children()) {
    const bool extra_element = child.type() == pugi::node_element && element;
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata || extra_element) {
      const std::string_view text = child.value();
      const auto lead = std::min(text.find_first_not_of(" \t\r\n"), text.size());
      error = failure(any_element ? "content outside the document element"
                                  : "no document element: the answer is text, not XML",
                      child.offset_debug() + static_cast<std::ptrdiff_t>(lead));
      return {};
    }
    if (child.type() == pugi::node_element) element = child;
  }
  if (!element) error = failure("no document element", 0);
  return element;
}

// Element names match exactly first, then ignoring ASCII case: some gateways write
// <devicetype>, <udn>, <servicelist> (flyte/upnpclient issue 9), and no UPnP schema has
// two names that differ only in case.
bool is_named(pugi::xml_node node, std::string_view name) {
  return node.type() == pugi::node_element && iequals(local_name(node.name()), name);
}

pugi::xml_node child_named(pugi::xml_node parent, std::string_view name) {
  for (const pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element && local_name(child.name()) == name) return child;
  }
  for (const pugi::xml_node child : parent.children()) {
    if (is_named(child, name)) return child;
  }
  return {};
}

// Direct text of an element (PCDATA decoded, CDATA verbatim), trimmed; nullopt if absent.
std::optional<std::string> field(pugi::xml_node parent, std::string_view name) {
  const pugi::xml_node element = child_named(parent, name);
  if (!element) return std::nullopt;
  std::string text;
  for (const pugi::xml_node part : element.children()) {
    if (part.type() == pugi::node_pcdata) text += decode_html_entities(part.value());
    if (part.type() == pugi::node_cdata) text += part.value();
  }
  return std::string(trim(text));
}

std::vector<upnp_service> read_services(pugi::xml_node device) {
  std::vector<upnp_service> services;
  for (const pugi::xml_node node : child_named(device, "serviceList").children()) {
    if (!is_named(node, "service")) continue;
    services.push_back({field(node, "serviceType"), field(node, "serviceId"), field(node, "SCPDURL"),
                        field(node, "controlURL"), field(node, "eventSubURL")});
  }
  return services;
}

upnp_device read_device_fields(pugi::xml_node node, std::string path) {
  upnp_device device;
  device.path = std::move(path);
  device.device_type = field(node, "deviceType");
  device.friendly_name = field(node, "friendlyName");
  device.manufacturer = field(node, "manufacturer");
  device.manufacturer_url = field(node, "manufacturerURL");
  device.model_description = field(node, "modelDescription");
  device.model_name = field(node, "modelName");
  device.model_number = field(node, "modelNumber");
  device.model_url = field(node, "modelURL");
  device.serial_number = field(node, "serialNumber");
  device.udn = field(node, "UDN");
  device.upc = field(node, "UPC");
  device.presentation_url = field(node, "presentationURL");
  if (device.udn) device.udn_parsed = normalize_udn(*device.udn);
  device.services = read_services(node);
  return device;
}

// Depth first. Recursion is bounded: validate_tree already proved depth <= max_depth.
void read_devices(pugi::xml_node node, const std::string& path, const upnp_limits& limits,
                  upnp_description& out) {
  if (out.devices.size() >= limits.max_devices) {
    out.devices_truncated = true;
    return;
  }
  out.devices.push_back(read_device_fields(node, path));
  std::size_t index = 0;
  for (const pugi::xml_node child : child_named(node, "deviceList").children()) {
    if (!is_named(child, "device")) continue;
    read_devices(child, fmt::format("{}.{}", path, index++), limits, out);
  }
}

upnp_description parse_body(std::string_view body, pugi::xml_encoding encoding,
                            const upnp_limits& limits) {
  pugi::xml_document doc;
  // No parse_escapes: references are checked (bad_reference) and decoded here instead.
  // parse_fragment keeps text at document level, so garbage after </root> is seen.
  const unsigned options = (pugi::parse_default & ~pugi::parse_escapes) | pugi::parse_fragment;
  const pugi::xml_parse_result result = doc.load_buffer(body.data(), body.size(), options, encoding);
  if (!result) return failure(result.description(), result.offset);

  upnp_description out;
  const pugi::xml_node top = document_element(doc, out);
  if (!top || !validate_tree(top, limits, out)) return out;
  if (!is_named(top, "root")) {
    return failure(fmt::format("document element is <{}>, not <root>", top.name()), top.offset_debug());
  }
  const pugi::xml_node device = child_named(top, "device");
  if (!device) return failure("no <device> in <root>", top.offset_debug());
  out.url_base = field(top, "URLBase");
  read_devices(device, "0", limits, out);
  out.status = probe_status::ok;
  return out;
}

}  // namespace

upnp_description parse_upnp_description(std::string_view xml, const upnp_limits& limits) {
  upnp_description out;
  if (xml.size() > limits.max_document_bytes) {
    out.status = probe_status::too_large;
    out.detail = fmt::format("document of {} bytes exceeds the {} byte cap", xml.size(),
                             limits.max_document_bytes);
    return out;
  }
  // Real devices send whitespace before "<?xml"; pugixml reads the declared encoding only
  // when the declaration starts the buffer, so the whitespace is skipped, not parsed.
  const std::size_t start = std::min(xml.find_first_not_of(" \t\r\n"), xml.size());
  const std::string_view body = xml.substr(start);
  const std::optional<std::string> utf8 = upnp_document_to_utf8(body);
  out = utf8 ? parse_body(*utf8, pugi::encoding_utf8, limits)
             : parse_body(body, pugi::encoding_auto, limits);
  if (out.status == probe_status::parse_error && out.error_offset >= 0) {
    // pugixml can point one past the end of a truncated buffer; the end is the place.
    out.error_offset = std::min(out.error_offset + static_cast<std::ptrdiff_t>(start),
                                static_cast<std::ptrdiff_t>(xml.size()));
    out.detail = fmt::format("{} at offset {}", out.detail, out.error_offset);
  }
  return out;
}

}  // namespace iotprobe::parsers
