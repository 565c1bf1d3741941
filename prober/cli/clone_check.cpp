// The re-probe behind clone checks (see clone_check.hpp): one engine run over the
// addresses of every pending check, each pair admitted back to back so that both are in
// flight together, and only the ports that served the keys are asked again.
#include "prober/cli/clone_check.hpp"

#include "parsers/model/host_identity.hpp"
#include "prober/engine.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace iotprobe::cli {
namespace {

bool serves(const parsers::host_result* host, const std::string& key) {
  if (!host) return false;
  const auto identity = parsers::identify_host(*host, {});
  return std::any_of(identity.candidates.begin(), identity.candidates.end(),
                     [&](const parsers::udn_candidate& c) { return c.udn == key; });
}

// The plan of the re-probe: the batch's settings on the checks' TCP ports alone.
config::settings reprobe_settings(const config::settings& settings,
                                  const std::vector<db::clone_check>& checks) {
  std::set<int> ports;
  for (const auto& c : checks) ports.insert(c.port);
  config::settings s = settings;
  s.ssdp = ports.erase(1900) > 0;
  s.ports_override = std::vector<int>(ports.begin(), ports.end());
  s.banner_ports.clear();
  return s;
}

std::map<std::string, parsers::host_result> reprobe(const std::vector<db::clone_check>& checks,
                                                    const config::settings& settings,
                                                    const prober::blocklist& blocks) {
  std::vector<std::string> order;  // each pair back to back, every address once
  for (const auto& c : checks)
    for (const auto* ip : {&c.ip_a, &c.ip_b})
      if (std::find(order.begin(), order.end(), *ip) == order.end()) order.push_back(*ip);
  std::map<std::string, parsers::host_result> found;
  boost::asio::io_context io;
  prober::scan_engine engine(io, reprobe_settings(settings, checks), blocks,
                             [&](parsers::host_result h) { found.emplace(h.ip, std::move(h)); });
  std::size_t next = 0;
  prober::run_with_signals(io, engine, [&]() -> std::optional<prober::target_spec> {
    if (next >= order.size()) return std::nullopt;
    return prober::target_spec{order[next++], std::nullopt, std::nullopt, std::nullopt};
  }, false);
  return found;
}

}  // namespace

clone_tally settle_clone_checks(db::store& store, std::int64_t run_id,
                                const config::settings& settings, const prober::blocklist& blocks) {
  clone_tally tally;
  const auto checks = store.pending_clone_checks(run_id);
  if (checks.empty()) return tally;
  const auto found = reprobe(checks, settings, blocks);
  auto host = [&](const std::string& ip) {
    const auto it = found.find(ip);
    return it == found.end() ? nullptr : &it->second;
  };
  for (const auto& c : checks) {
    const bool a = serves(host(c.ip_a), c.udn), b = serves(host(c.ip_b), c.udn);
    db::clone_outcome outcome = db::clone_outcome::inconclusive;
    std::string detail = "neither address served the key again";
    if (a && b) {
      outcome = db::clone_outcome::clone;
      detail = fmt::format("port {} of both served it in one re-probe", c.port);
      ++tally.clones;
    } else if (a || b) {
      outcome = db::clone_outcome::moved;
      detail = fmt::format("only {} served it again", a ? c.ip_a : c.ip_b);
      ++tally.moved;
    } else {
      ++tally.inconclusive;
    }
    const db::status s = store.resolve_clone_check(c, outcome, detail);
    if (!s.ok()) throw std::runtime_error("cannot record a clone check: " + s.message);
  }
  return tally;
}

}  // namespace iotprobe::cli
