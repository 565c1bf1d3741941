// Reading field matches as claims. The rules, all driven by fingerprint params: a match
// asserts iot.family only if every item of its iot.requires ("a,b|c") is met by an iot.tag
// seen in the same answer (one response, not merely the same port: nginx's 200 and a
// header-less 404 on one port are two answers); evidence without a family (Recog's
// generic databases) only fills vendor/product/version gaps. How claims become devices
// and certainties is fusion_devices.cpp. Never throws on any evidence.
#include "parsers/fingerprint/fusion.hpp"

#include "parsers/fingerprint/fusion_claims.hpp"

#include <algorithm>
#include <charconv>

namespace iotprobe::parsers {
namespace fusion_detail {

std::string_view param(const evidence& e, std::string_view name) {
  const auto found = e.params.find(std::string(name));
  return found == e.params.end() ? std::string_view{} : std::string_view(found->second);
}

}  // namespace fusion_detail

namespace {

using fusion_detail::claim;
using fusion_detail::param;

constexpr double default_certainty = 0.5;  // a family rule without a certainty attribute
constexpr std::size_t max_display_value = 256;

// iot.certainty as a number; anything unparsable counts as the default.
double certainty_of(const evidence& e) {
  const std::string_view text = param(e, "iot.certainty");
  double c = default_certainty;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), c);
  if (text.empty() || ec != std::errc() || !(c >= 0.0 && c <= 1.0)) return default_certainty;
  return c;
}

// Both lists are ascending (observations record answers in probe order).
bool same_answer(const evidence& a, const evidence& b) {
  auto i = a.responses.begin();
  auto j = b.responses.begin();
  while (i != a.responses.end() && j != b.responses.end()) {
    if (*i == *j) return true;
    if (*i < *j) ++i; else ++j;
  }
  return false;
}

bool any_tag(std::string_view alternatives, const claim& who, const std::vector<claim>& claims) {
  while (true) {
    const auto bar = alternatives.find('|');
    const auto wanted = alternatives.substr(0, bar);
    for (const claim& c : claims)
      if (!wanted.empty() && c.tag == wanted && c.e->port == who.e->port && same_answer(*c.e, *who.e))
        return true;
    if (bar == std::string_view::npos) return false;
    alternatives.remove_prefix(bar + 1);
  }
}

bool requirements_met(std::string_view expr, const claim& who, const std::vector<claim>& claims) {
  while (!expr.empty()) {
    const auto comma = expr.find(',');
    if (!any_tag(expr.substr(0, comma), who, claims)) return false;
    if (comma == std::string_view::npos) break;
    expr.remove_prefix(comma + 1);
  }
  return true;
}

std::vector<claim> read_claims(std::vector<evidence>& all) {
  std::vector<claim> claims;
  claims.reserve(all.size());
  for (evidence& e : all)
    claims.push_back({&e, param(e, "iot.family"), param(e, "iot.requires"),
                      param(e, "iot.refines"), param(e, "iot.tag"), certainty_of(e), false});
  for (claim& c : claims)
    c.active = !c.family.empty() &&
               (c.requires_expr.empty() || requirements_met(c.requires_expr, c, claims));
  return claims;
}

std::string two_decimals(double value) {
  char buffer[16];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                       std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(buffer, end) : std::string("0.50");
}

// Adds `o` to `into`, or merges its answers into the same value already seen on that port.
void add_observation(std::vector<field_observation>& into, field_observation o) {
  const auto same = std::find_if(into.begin(), into.end(), [&](const field_observation& x) {
    return x.port == o.port && x.field == o.field && x.value == o.value;
  });
  if (same == into.end()) {
    into.push_back(std::move(o));
    return;
  }
  for (int r : o.responses)
    if (std::find(same->responses.begin(), same->responses.end(), r) == same->responses.end())
      same->responses.push_back(r);
}

}  // namespace

std::vector<evidence> collect_evidence(const fingerprint_engine& engine,
                                       const std::vector<field_observation>& observations) {
  std::vector<evidence> out;
  for (const field_observation& o : observations) {
    for (fingerprint_match& m : engine.match_all(o.field, o.value)) {
      evidence e{o.port, o.probe, o.field, o.value.substr(0, max_display_value),
                 std::move(m.database), std::move(m.description), std::move(m.params),
                 o.responses};
      // The rule's certainty travels with the evidence so fusion needs no database access.
      const bool family = e.params.count("iot.family") != 0;
      e.params["iot.certainty"] =
          two_decimals(m.certainty ? *m.certainty : family ? default_certainty : 0.0);
      out.push_back(std::move(e));
    }
  }
  return out;
}

verdict fuse_evidence(std::vector<evidence> all, const fusion_options& options) {
  verdict v;
  std::vector<claim> claims = read_claims(all);
  fusion_detail::assign_devices(claims, options, v);
  for (const claim& c : claims)  // say why a family claim did not count
    if (!c.family.empty() && !c.active) c.e->params["iot.unmet"] = std::string(c.requires_expr);
  v.evidence = std::move(all);
  return v;
}

verdict classify_host(const fingerprint_engine& engine, const host_result& host,
                      const fusion_options& options) {
  // The same value on the same port (a device repeats its Server header and 404 page for
  // every description path tried) is one fact: counted once, under its first probe, with
  // every answer that showed it.
  std::vector<field_observation> observations;
  for (std::size_t i = 0; i < host.probes.size(); ++i)
    for (auto& o : observe_probe(host.probes[i], static_cast<int>(i)))
      add_observation(observations, std::move(o));
  return fuse_evidence(collect_evidence(engine, observations), options);
}

verdict classify_single(const fingerprint_engine& engine, int port, probe_kind probe,
                        const http_response* http, const upnp_description* description,
                        const fusion_options& options) {
  std::vector<field_observation> observations;
  if (http) observations = observe_http(port, probe, *http);
  if (description)
    for (auto& o : observe_upnp(port, probe, *description)) observations.push_back(std::move(o));
  for (auto& o : observations) o.responses = {0};  // one saved answer
  return fuse_evidence(collect_evidence(engine, observations), options);
}

}  // namespace iotprobe::parsers
