// Combining field matches into one verdict. The rules, all driven by fingerprint params:
// a match asserts iot.family only if every item of its iot.requires ("a,b|c") is met by an
// iot.tag seen on the same port; a family's certainty is 1 - Π(1 - c) over its distinct
// fingerprints; a family that iot.refines another absorbs it (no conflict) but keeps only
// its own certainty; evidence without a family (Recog's generic databases) only fills
// vendor/product/version gaps. Never throws.
#include "parsers/fusion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

namespace iotprobe::parsers {
namespace {

constexpr double default_certainty = 0.5;  // a family rule without a certainty attribute
constexpr std::size_t max_display_value = 256;

std::string param(const evidence& e, const std::string& name) {
  const auto found = e.params.find(name);
  return found == e.params.end() ? std::string() : found->second;
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  while (true) {
    const auto at = text.find(sep);
    if (!text.substr(0, at).empty()) parts.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// iot.certainty as a number; anything unparsable counts as the default (never throws).
double certainty_of(const evidence& e) {
  const std::string text = param(e, "iot.certainty");
  char* end = nullptr;
  const double c = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || !(c >= 0.0 && c <= 1.0)) return default_certainty;
  return c;
}

using port_tags = std::map<int, std::set<std::string>>;

bool requirements_met(const std::string& requires_expr, const std::set<std::string>& tags) {
  for (const std::string& item : split(requires_expr, ',')) {
    const auto alternatives = split(item, '|');
    if (std::none_of(alternatives.begin(), alternatives.end(),
                     [&](const std::string& t) { return tags.count(t) != 0; }))
      return false;
  }
  return true;
}

struct family_score {
  std::map<std::string, double> by_fingerprint;  // distinct fingerprints, best certainty
  std::string refines;
  double certainty() const {
    double miss = 1.0;
    for (const auto& [fp, c] : by_fingerprint) miss *= 1.0 - c;
    return 1.0 - miss;
  }
};

// Marks unmet requirements in the evidence itself, so a reader sees why it did not count.
std::map<std::string, family_score> score_families(std::vector<evidence>& all) {
  port_tags tags;
  for (const evidence& e : all)
    if (const auto tag = param(e, "iot.tag"); !tag.empty()) tags[e.port].insert(tag);
  std::map<std::string, family_score> scores;
  for (evidence& e : all) {
    const std::string family = param(e, "iot.family");
    if (family.empty()) continue;
    const std::string needs = param(e, "iot.requires");
    if (!needs.empty() && !requirements_met(needs, tags[e.port])) {
      e.params["iot.unmet"] = needs;
      continue;
    }
    const double c = certainty_of(e);
    auto& score = scores[family];
    auto& best = score.by_fingerprint[e.database + "\n" + e.fingerprint];
    best = std::max(best, c);
    if (const auto parent = param(e, "iot.refines"); !parent.empty()) score.refines = parent;
  }
  return scores;
}

// Families still standing after refinements absorbed their parents, best first.
std::vector<std::pair<std::string, double>> rank_families(
    const std::map<std::string, family_score>& scores, std::set<std::string>& absorbed) {
  for (const auto& [family, score] : scores)
    if (!score.refines.empty()) absorbed.insert(score.refines);
  std::vector<std::pair<std::string, double>> ranked;
  for (const auto& [family, score] : scores)
    if (!absorbed.count(family)) ranked.emplace_back(family, score.certainty());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return ranked;
}

// Evidence in the order its details are trusted: the chosen family's (best certainty
// first), then evidence asserting no family. Other families' evidence never contributes.
std::vector<const evidence*> detail_order(const std::vector<evidence>& all,
                                          const std::set<std::string>& own_families) {
  std::vector<const evidence*> own, generic;
  for (const evidence& e : all) {
    const std::string family = param(e, "iot.family");
    if (family.empty()) generic.push_back(&e);
    else if (own_families.count(family) && !e.params.count("iot.unmet")) own.push_back(&e);
  }
  std::stable_sort(own.begin(), own.end(), [](const evidence* a, const evidence* b) {
    return certainty_of(*a) > certainty_of(*b);
  });
  own.insert(own.end(), generic.begin(), generic.end());
  return own;
}

std::optional<std::string> first_param(const std::vector<const evidence*>& order,
                                       std::initializer_list<const char*> names) {
  for (const char* name : names)
    for (const evidence* e : order)
      if (auto v = param(*e, name); !v.empty()) return v;
  return std::nullopt;
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
      if (m.certainty) e.params["iot.certainty"] = fmt::format("{:.2f}", *m.certainty);
      else if (e.params.count("iot.family"))
        e.params["iot.certainty"] = fmt::format("{:.2f}", default_certainty);
      else e.params["iot.certainty"] = "0.00";
      out.push_back(std::move(e));
    }
  }
  return out;
}

verdict fuse_evidence(std::vector<evidence> all) {
  verdict v;
  const auto scores = score_families(all);
  std::set<std::string> absorbed;
  const auto ranked = rank_families(scores, absorbed);
  std::set<std::string> own;
  if (!ranked.empty()) {
    v.family = ranked.front().first;
    v.certainty = ranked.front().second;
    own.insert(*v.family);
    const auto& refines = scores.at(*v.family).refines;
    if (!refines.empty()) own.insert(refines);
    for (std::size_t i = 1; i < ranked.size(); ++i)
      v.conflicts.push_back(fmt::format("{} ({:.2f})", ranked[i].first, ranked[i].second));
  }
  const auto order = detail_order(all, own);
  v.vendor = first_param(order, {"hw.vendor", "os.vendor"});
  v.product = first_param(order, {"hw.product", "os.product"});
  v.version = first_param(order, {"hw.version", "os.version", "os.build"});
  v.evidence = std::move(all);
  return v;
}

verdict classify_host(const fingerprint_engine& engine, const host_result& host) {
  std::vector<field_observation> observations;
  for (const probe_result& probe : host.probes)
    for (auto& o : observe_probe(probe)) observations.push_back(std::move(o));
  return fuse_evidence(collect_evidence(engine, observations));
}

verdict classify_single(const fingerprint_engine& engine, int port, std::string_view probe,
                        const http_response* http, const upnp_description* description) {
  std::vector<field_observation> observations;
  if (http) observations = observe_http(port, probe, *http);
  if (description)
    for (auto& o : observe_upnp(port, probe, *description)) observations.push_back(std::move(o));
  return fuse_evidence(collect_evidence(engine, observations));
}

}  // namespace iotprobe::parsers
