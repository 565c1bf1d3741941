// Address -> persona lookup and the per-request reply decision (pure, no sockets).
// Unknown paths get the persona's "*" route for the port; a port the persona does not
// list is closed. Never invents bytes that are not in a persona file.
#include "virtual_host.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace iotprobe::mock {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The value of header `name` in an HTTP-style message, or "" when absent.
std::string header_value(std::string_view message, std::string_view name) {
  std::size_t pos = message.find('\n');
  while (pos != std::string_view::npos && pos + 1 < message.size()) {
    std::size_t start = pos + 1, end = message.find('\n', start);
    std::string_view line = message.substr(start, end == message.npos ? message.npos : end - start);
    auto colon = line.find(':');
    if (colon != line.npos && iequals(trim(line.substr(0, colon)), name))
      return std::string(trim(line.substr(colon + 1)));
    pos = end;
  }
  return {};
}

}  // namespace

bool host_table::add(std::uint32_t addr, const persona& p, device_values values) {
  return hosts_.emplace(addr, virtual_host{&p, std::move(values)}).second;
}

const virtual_host* host_table::find(std::uint32_t addr) const {
  auto it = hosts_.find(addr);
  return it == hosts_.end() ? nullptr : &it->second;
}

host_table host_table::from_manifest(const std::vector<manifest_row>& rows,
                                     const std::map<std::string, persona>& personas) {
  host_table table;
  for (const auto& r : rows) {
    auto p = personas.find(r.persona);
    if (p == personas.end()) throw std::runtime_error("manifest names unknown persona " + r.persona);
    std::uint32_t addr = 0;
    if (!parse_ipv4(r.ip, addr) || (addr >> 24) != 127)
      throw std::runtime_error("manifest address is not in 127.0.0.0/8: " + r.ip);
    device_values v{r.ip, r.uuid_raw, r.mac, r.model, r.serial, r.lan_ip};
    if (!table.add(addr, p->second, std::move(v)))
      throw std::runtime_error("manifest lists an address twice: " + r.ip);
  }
  return table;
}

std::optional<request_line> parse_request_line(std::string_view request) {
  auto eol = request.find('\n');
  std::string_view line = trim(request.substr(0, eol));
  auto sp1 = line.find(' ');
  if (sp1 == line.npos || sp1 == 0) return std::nullopt;
  request_line r;
  r.method = std::string(line.substr(0, sp1));
  std::string_view rest = trim(line.substr(sp1 + 1));
  auto sp2 = rest.find(' ');
  std::string_view target = rest.substr(0, sp2);
  if (sp2 != rest.npos) r.version = std::string(trim(rest.substr(sp2 + 1)));
  r.path = std::string(target.substr(0, target.find('?')));
  if (r.path.empty()) return std::nullopt;
  return r;
}

std::optional<reply_plan> plan_reply(const virtual_host& host, int logical_port,
                                     std::string_view request) {
  const port_spec* spec = host.p->port(logical_port);
  if (!spec || spec->kind == behaviour::closed) return std::nullopt;
  reply_plan plan{spec->kind, spec->arg, {}, {}};
  auto line = parse_request_line(request);
  const route* r = spec->find(line ? line->path : "*");
  if (!r) r = spec->find("*");
  if (!r) return plan;  // a port with no routes (tarpit) sends nothing
  render_context ctx{&host.values, line && !line->version.empty() ? line->version : "HTTP/1.0", {}};
  if (spec->kind == behaviour::endless) {
    plan.bytes = fill_template(r->head, ctx);
    plan.endless_unit = fill_template(r->body, ctx);
  } else {
    plan.bytes = render_route(*r, ctx);
  }
  return plan;
}

std::optional<std::string> plan_ssdp(const virtual_host& host, std::string_view request) {
  if (!host.p->ssdp || request.substr(0, 9) != "M-SEARCH ") return std::nullopt;
  const ssdp_spec& s = *host.p->ssdp;
  std::string st = header_value(request, "ST");
  if (st.empty()) return std::nullopt;
  if (!s.st_match.empty() && std::find(s.st_match.begin(), s.st_match.end(), st) == s.st_match.end())
    return std::nullopt;
  render_context ctx{&host.values, "HTTP/1.1", st};
  return render_route(s.reply, ctx);
}

}  // namespace iotprobe::mock
