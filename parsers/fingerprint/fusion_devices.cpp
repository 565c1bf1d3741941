// From active claims to the devices behind one address. The rules:
// - certainty: a port's answers come from one server built from one template, so its
//   fields are correlated and the port counts once, with its best fingerprint (a
//   fingerprint seen on several ports counts once, where it was most certain); ports
//   combine as independent sources, 1 - Π(1 - best on port);
// - a family that iot.refines another absorbs it (no conflict, and the parent's ports are
//   its ports) but keeps only its own certainty;
// - families whose ports overlap are one device: the most certain names it, the others are
//   its conflicts; families on disjoint ports are separate devices (a router and the
//   camera it forwards port 81 to);
// - a device less certain than min_certainty is not identified (below_threshold);
// - honeypot_families or more identified families on one address: honeypot-like.
#include "parsers/fingerprint/fusion_claims.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace iotprobe::parsers::fusion_detail {
namespace {

struct fingerprint_score {
  const evidence* e = nullptr;
  double certainty = 0.0;
  int port = 0;  // where it was most certain
};

struct family_score {
  std::vector<fingerprint_score> fingerprints;  // distinct (database, fingerprint)
  std::string_view refines;
  std::set<int> ports;  // every port with an active claim of this family

  void add(const claim& c) {
    ports.insert(c.e->port);
    if (!c.refines.empty()) refines = c.refines;
    auto same = std::find_if(fingerprints.begin(), fingerprints.end(), [&](const auto& f) {
      return f.e->database == c.e->database && f.e->fingerprint == c.e->fingerprint;
    });
    if (same == fingerprints.end()) fingerprints.push_back({c.e, c.certainty, c.e->port});
    else if (c.certainty > same->certainty) *same = {c.e, c.certainty, c.e->port};
  }
  double certainty() const {
    std::map<int, double> best_on_port;
    for (const auto& f : fingerprints)
      best_on_port[f.port] = std::max(best_on_port[f.port], f.certainty);
    double miss = 1.0;
    for (const auto& [port, c] : best_on_port) miss *= 1.0 - c;
    return 1.0 - miss;
  }
};

// A family still standing after refinements absorbed their parents.
struct standing {
  std::string_view family, parent;
  double certainty = 0.0;
  std::set<int> ports;  // its own and its absorbed parent's
};

std::vector<standing> standing_families(const std::map<std::string_view, family_score>& scores) {
  std::set<std::string_view> absorbed;
  for (const auto& [family, score] : scores)
    if (!score.refines.empty()) absorbed.insert(score.refines);
  std::vector<standing> out;
  for (const auto& [family, score] : scores) {
    if (absorbed.count(family)) continue;
    standing s{family, score.refines, score.certainty(), score.ports};
    if (const auto parent = scores.find(score.refines); parent != scores.end())
      s.ports.insert(parent->second.ports.begin(), parent->second.ports.end());
    out.push_back(std::move(s));
  }
  return out;
}

bool overlap(const std::set<int>& a, const std::set<int>& b) {
  return std::any_of(a.begin(), a.end(), [&](int p) { return b.count(p) != 0; });
}

// Families joined (transitively) by a shared port, each group most certain first.
std::vector<std::vector<const standing*>> group_by_ports(const std::vector<standing>& families) {
  std::vector<std::size_t> group(families.size());
  for (std::size_t i = 0; i < group.size(); ++i) group[i] = i;
  for (std::size_t i = 0; i < families.size(); ++i)
    for (std::size_t j = i + 1; j < families.size(); ++j)
      if (overlap(families[i].ports, families[j].ports)) {
        const std::size_t from = group[j], to = group[i];
        for (auto& g : group) if (g == from) g = to;
      }
  std::map<std::size_t, std::vector<const standing*>> by_group;
  for (std::size_t i = 0; i < families.size(); ++i) by_group[group[i]].push_back(&families[i]);
  std::vector<std::vector<const standing*>> out;
  for (auto& [id, members] : by_group) {
    std::stable_sort(members.begin(), members.end(),
                     [](const standing* a, const standing* b) { return a->certainty > b->certainty; });
    out.push_back(std::move(members));
  }
  return out;
}

// The claims whose details a device trusts, best first: its family's and its parent's,
// then evidence asserting no family (from the device's ports when `ports` is given).
std::vector<const claim*> detail_order(const std::vector<claim>& claims, std::string_view family,
                                       std::string_view parent, const std::set<int>* ports) {
  std::vector<const claim*> own, generic;
  for (const claim& c : claims) {
    if (c.family.empty()) {
      if (!ports || ports->count(c.e->port)) generic.push_back(&c);
    } else if (c.active && (c.family == family || (!parent.empty() && c.family == parent))) {
      own.push_back(&c);
    }
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

struct details {
  std::optional<std::string> vendor, product, version;
};

details details_of(const std::vector<const claim*>& order) {
  return {first_param(order, {"hw.vendor", "os.vendor"}),
          first_param(order, {"hw.product", "os.product"}),
          first_param(order, {"hw.version", "os.version", "os.build"})};
}

std::string label(const standing& s) { return fmt::format("{} ({:.2f})", s.family, s.certainty); }

device_verdict make_device(const std::vector<const standing*>& group) {
  device_verdict d;
  d.family = std::string(group.front()->family);
  d.certainty = group.front()->certainty;
  std::set<int> ports;
  for (const standing* s : group) ports.insert(s->ports.begin(), s->ports.end());
  d.ports.assign(ports.begin(), ports.end());
  for (std::size_t i = 1; i < group.size(); ++i) d.conflicts.push_back(label(*group[i]));
  return d;
}

// The identified devices, most certain first, each with its family's parent (whose
// evidence it trusts for details); groups under the minimum go to `below`.
std::vector<std::pair<device_verdict, std::string_view>> identified(
    const std::vector<standing>& families, double min_certainty, std::vector<std::string>& below) {
  std::vector<std::pair<device_verdict, std::string_view>> found;
  for (const auto& group : group_by_ports(families)) {
    if (group.front()->certainty < min_certainty) {
      for (const standing* s : group) below.push_back(label(*s));
      continue;
    }
    found.emplace_back(make_device(group), group.front()->parent);
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first.certainty > b.first.certainty;
  });
  return found;
}

void set_details(device_verdict& d, const details& from) {
  d.vendor = from.vendor;
  d.product = from.product;
  d.version = from.version;
}

}  // namespace

void assign_devices(const std::vector<claim>& claims, const fusion_options& options, verdict& v) {
  std::map<std::string_view, family_score> scores;
  for (const claim& c : claims)
    if (c.active) scores[c.family].add(c);
  const std::vector<standing> families = standing_families(scores);
  auto found = identified(families, options.min_certainty, v.below_threshold);
  for (auto& [device, parent] : found) {
    const std::set<int> ports(device.ports.begin(), device.ports.end());
    set_details(device, details_of(detail_order(claims, device.family, parent,
                                                found.size() > 1 ? &ports : nullptr)));
    v.devices.push_back(std::move(device));
  }
  const auto counted = std::count_if(families.begin(), families.end(), [&](const standing& s) {
    return s.certainty >= options.min_certainty;
  });
  v.honeypot_like = options.honeypot_families > 0 &&
                    static_cast<std::size_t>(counted) >= options.honeypot_families;
  if (v.devices.empty()) {  // unidentified: generic evidence may still say who made it
    const details generic = details_of(detail_order(claims, {}, {}, nullptr));
    std::tie(v.vendor, v.product, v.version) = std::tie(generic.vendor, generic.product, generic.version);
    return;
  }
  const device_verdict& primary = v.devices.front();
  v.family = primary.family;
  std::tie(v.vendor, v.product, v.version) = std::tie(primary.vendor, primary.product, primary.version);
  v.certainty = primary.certainty;
  v.conflicts = primary.conflicts;
}

}  // namespace iotprobe::parsers::fusion_detail
