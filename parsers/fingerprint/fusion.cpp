// Combining field matches into one verdict. The rules, all driven by fingerprint params:
// a match asserts iot.family only if every item of its iot.requires ("a,b|c") is met by an
// iot.tag seen on the same port; a family's certainty is 1 - Π(1 - c) over its distinct
// fingerprints; a family that iot.refines another absorbs it (no conflict) but keeps only
// its own certainty; evidence without a family (Recog's generic databases) only fills
// vendor/product/version gaps. Never throws on any evidence.
#include "parsers/fingerprint/fusion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace iotprobe::parsers {
namespace {

constexpr double default_certainty = 0.5;  // a family rule without a certainty attribute
constexpr std::size_t max_display_value = 256;

std::string_view param(const evidence& e, std::string_view name) {
  const auto found = e.params.find(std::string(name));
  return found == e.params.end() ? std::string_view{} : std::string_view(found->second);
}

// iot.certainty as a number; anything unparsable counts as the default.
double certainty_of(const evidence& e) {
  const std::string_view text = param(e, "iot.certainty");
  double c = default_certainty;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), c);
  if (text.empty() || ec != std::errc() || !(c >= 0.0 && c <= 1.0)) return default_certainty;
  return c;
}

// What fusion reads from one piece of evidence, looked up once.
struct claim {
  evidence* e = nullptr;
  std::string_view family, requires_expr, refines, tag;
  double certainty = 0.0;
  bool active = false;
};

bool any_tag(std::string_view alternatives, int port, const std::vector<claim>& claims) {
  while (true) {
    const auto bar = alternatives.find('|');
    const auto wanted = alternatives.substr(0, bar);
    for (const claim& c : claims)
      if (c.e->port == port && !wanted.empty() && c.tag == wanted) return true;
    if (bar == std::string_view::npos) return false;
    alternatives.remove_prefix(bar + 1);
  }
}

bool requirements_met(std::string_view expr, int port, const std::vector<claim>& claims) {
  while (!expr.empty()) {
    const auto comma = expr.find(',');
    if (!any_tag(expr.substr(0, comma), port, claims)) return false;
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
               (c.requires_expr.empty() || requirements_met(c.requires_expr, c.e->port, claims));
  return claims;
}

struct family_score {
  std::vector<std::pair<const evidence*, double>> fingerprints;  // distinct, best certainty
  std::string_view refines;
  double certainty() const {
    double miss = 1.0;
    for (const auto& [e, c] : fingerprints) miss *= 1.0 - c;
    return 1.0 - miss;
  }
  void add(const claim& c) {
    auto same = std::find_if(fingerprints.begin(), fingerprints.end(), [&](const auto& f) {
      return f.first->database == c.e->database && f.first->fingerprint == c.e->fingerprint;
    });
    if (same == fingerprints.end()) fingerprints.emplace_back(c.e, c.certainty);
    else same->second = std::max(same->second, c.certainty);
    if (!c.refines.empty()) refines = c.refines;
  }
};

using score_map = std::map<std::string_view, family_score>;

// Families still standing after refinements absorbed their parents, best first.
std::vector<std::pair<std::string_view, double>> rank_families(const score_map& scores) {
  std::vector<std::string_view> absorbed;
  for (const auto& [family, score] : scores)
    if (!score.refines.empty()) absorbed.push_back(score.refines);
  std::vector<std::pair<std::string_view, double>> ranked;
  for (const auto& [family, score] : scores)
    if (std::find(absorbed.begin(), absorbed.end(), family) == absorbed.end())
      ranked.emplace_back(family, score.certainty());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return ranked;
}

// Evidence in the order its details are trusted: the chosen family's (best certainty
// first), then evidence asserting no family. Other families' evidence never contributes.
std::vector<const claim*> detail_order(const std::vector<claim>& claims,
                                       std::string_view family, std::string_view parent) {
  std::vector<const claim*> own, generic;
  for (const claim& c : claims) {
    if (c.family.empty()) generic.push_back(&c);
    else if (c.active && (c.family == family || (!parent.empty() && c.family == parent)))
      own.push_back(&c);
  }
  std::stable_sort(own.begin(), own.end(),
                   [](const claim* a, const claim* b) { return a->certainty > b->certainty; });
  own.insert(own.end(), generic.begin(), generic.end());
  return own;
}

std::optional<std::string> first_param(const std::vector<const claim*>& order,
                                       std::initializer_list<std::string_view> names) {
  for (std::string_view name : names)
    for (const claim* c : order)
      if (auto v = param(*c->e, name); !v.empty()) return std::string(v);
  return std::nullopt;
}

std::string two_decimals(double value) {
  char buffer[16];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                       std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(buffer, end) : std::string("0.50");
}

}  // namespace

std::vector<evidence> collect_evidence(const fingerprint_engine& engine,
                                       const std::vector<field_observation>& observations) {
  std::vector<evidence> out;
  for (const field_observation& o : observations) {
    for (fingerprint_match& m : engine.match_all(o.field, o.value)) {
      evidence e{o.port, o.probe, o.field, o.value.substr(0, max_display_value),
                 std::move(m.database), std::move(m.description), std::move(m.params)};
      // The rule's certainty travels with the evidence so fusion needs no database access.
      const bool family = e.params.count("iot.family") != 0;
      e.params["iot.certainty"] =
          two_decimals(m.certainty ? *m.certainty : family ? default_certainty : 0.0);
      out.push_back(std::move(e));
    }
  }
  return out;
}

verdict fuse_evidence(std::vector<evidence> all) {
  verdict v;
  std::vector<claim> claims = read_claims(all);
  score_map scores;
  for (const claim& c : claims)
    if (c.active) scores[c.family].add(c);
  const auto ranked = rank_families(scores);
  std::string_view family, parent;
  if (!ranked.empty()) {
    family = ranked.front().first;
    parent = scores.at(family).refines;
    v.family = std::string(family);
    v.certainty = ranked.front().second;
    for (std::size_t i = 1; i < ranked.size(); ++i)
      v.conflicts.push_back(fmt::format("{} ({:.2f})", ranked[i].first, ranked[i].second));
  }
  const auto order = detail_order(claims, family, parent);
  v.vendor = first_param(order, {"hw.vendor", "os.vendor"});
  v.product = first_param(order, {"hw.product", "os.product"});
  v.version = first_param(order, {"hw.version", "os.version", "os.build"});
  for (const claim& c : claims)  // say why a family claim did not count
    if (!c.family.empty() && !c.active) c.e->params["iot.unmet"] = std::string(c.requires_expr);
  v.evidence = std::move(all);
  return v;
}

verdict classify_host(const fingerprint_engine& engine, const host_result& host) {
  std::vector<field_observation> observations;
  for (const probe_result& probe : host.probes)
    for (auto& o : observe_probe(probe)) {
      // The same value on the same port (a device repeats its Server header and 404 page
      // for every description path tried) is one fact: counted once, under its first probe.
      const bool seen = std::any_of(observations.begin(), observations.end(), [&](const auto& x) {
        return x.port == o.port && x.field == o.field && x.value == o.value;
      });
      if (!seen) observations.push_back(std::move(o));
    }
  return fuse_evidence(collect_evidence(engine, observations));
}

verdict classify_single(const fingerprint_engine& engine, int port, probe_kind probe,
                        const http_response* http, const upnp_description* description) {
  std::vector<field_observation> observations;
  if (http) observations = observe_http(port, probe, *http);
  if (description)
    for (auto& o : observe_upnp(port, probe, *description)) observations.push_back(std::move(o));
  return fuse_evidence(collect_evidence(engine, observations));
}

}  // namespace iotprobe::parsers
