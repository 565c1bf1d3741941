// The ledger's rules over stored evidence (see ledger.hpp). Each statement is prepared
// once; every function returns a status and never throws once constructed.
#include "db/ledger.hpp"

#include "db/day.hpp"
#include "parsers/upnp/udn.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace iotprobe::db {
namespace {

// Bump when a rule's meaning changes: every store re-derives its keys on next open.
constexpr std::string_view rules_version = "ledger-rules/2";

std::vector<std::string> split_days(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string day; std::getline(in, day, ',');)
    if (!day.empty()) out.push_back(day);
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::vector<std::string> normalised(const std::vector<std::string>& udns) {
  std::vector<std::string> out;
  for (const auto& u : udns) out.push_back(parsers::normalize_udn(u).normalized);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

std::string rules_fingerprint(const ledger_rules& rules) {
  return fmt::format("{};known_default={}", rules_version, join(normalised(rules.known_default_udns), ","));
}

struct ledger::impl {
  impl(database& d, ledger_rules r)
      : db(d),
        rules(std::move(r)),
        defaults(normalised(rules.known_default_udns)),
        device_row(db, "SELECT udn, shared, shared_reason, shared_evidence FROM devices WHERE id = ?1"),
        serials(db, "SELECT DISTINCT trim(serial_number) FROM descriptions WHERE udn = ?1 "
                    "AND device_path = '0' AND trim(coalesce(serial_number, '')) <> '' "
                    "ORDER BY 1 LIMIT 4"),
        clone_found(db, "SELECT ip_a, ip_b, run_id, coalesce(detail, '') FROM clone_checks "
                        "WHERE device_id = ?1 AND state = 'clone' ORDER BY run_id, ip_a LIMIT 1"),
        set_status(db, "UPDATE devices SET shared = ?2, shared_reason = ?3, shared_evidence = ?4 "
                       "WHERE id = ?1"),
        days_of(db, "SELECT DISTINCT day FROM sightings WHERE device_id = ?1 ORDER BY day"),
        insert_reclassification(db, "INSERT INTO reclassifications(device_id, at, run_id, shared, "
                                    "reason, evidence, days) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        meta_get(db, "SELECT value FROM ledger_meta WHERE key = 'rules'"),
        meta_set(db, "INSERT INTO ledger_meta(key, value) VALUES('rules', ?1) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
        all_devices(db, "SELECT id FROM devices ORDER BY id"),
        other_addresses(db, "SELECT DISTINCT ip FROM hosts WHERE day = (SELECT day FROM runs "
                            "WHERE id = ?2) AND ip <> ?3 AND (device_id = ?1 OR id IN "
                            "(SELECT host_id FROM host_devices WHERE device_id = ?1))"),
        insert_check(db, "INSERT OR IGNORE INTO clone_checks(device_id, run_id, ip_a, ip_b, port, "
                         "state) VALUES(?1, ?2, min(?3, ?4), max(?3, ?4), ?5, 'pending')"),
        pending(db, "SELECT c.device_id, c.run_id, d.udn, c.ip_a, c.ip_b, c.port "
                    "FROM clone_checks c JOIN devices d ON d.id = c.device_id "
                    "WHERE c.run_id = ?1 AND c.state = 'pending' AND d.shared = 0 "
                    "ORDER BY d.udn, c.ip_a, c.ip_b"),
        settle(db, "UPDATE clone_checks SET state = ?5, detail = ?6, checked_at = ?7 "
                   "WHERE device_id = ?1 AND run_id = ?2 AND ip_a = ?3 AND ip_b = ?4"),
        by_run(db, "SELECT d.udn, r.shared, r.reason, r.evidence, r.days FROM reclassifications r "
                   "JOIN devices d ON d.id = r.device_id WHERE r.run_id = ?1 ORDER BY r.id") {}

  key_status derive(std::int64_t device_id, const std::string& udn, status& s);
  std::vector<std::string> days(std::int64_t device_id);

  database& db;
  ledger_rules rules;
  std::vector<std::string> defaults;
  statement device_row, serials, clone_found, set_status, days_of, insert_reclassification,
      meta_get, meta_set, all_devices, other_addresses, insert_check, pending,
      settle, by_run;
};

ledger::ledger(database& db, ledger_rules rules)
    : impl_(std::make_unique<impl>(db, std::move(rules))) {}
ledger::~ledger() = default;

key_status ledger::initial_status(const std::string& udn) const {
  if (std::binary_search(impl_->defaults.begin(), impl_->defaults.end(), udn))
    return {true, "known_default", "on the known_default_udn list of the config"};
  const parsers::udn_info info = parsers::normalize_udn(udn);
  if (const auto rule = parsers::udn_not_per_device(info))
    return {true, std::string(*rule),
            fmt::format("the hardware address in {} ({}) belongs to no single unit", udn,
                        info.normalized.substr(info.normalized.size() - 12))};
  return {};
}

key_status ledger::impl::derive(std::int64_t device_id, const std::string& udn, status& s) {
  {
    std::vector<std::string> found;
    cursor c = serials.open();
    c.bind(1, udn);
    while (c.next()) found.push_back("'" + c.text(0) + "'");
    if (!c.result().ok()) s = c.result();
    if (found.size() >= 2)
      return {true, "conflicting_serial", "root serial numbers " + join(found, ", ")};
  }
  cursor c = clone_found.open();
  c.bind(1, device_id);
  if (c.next())
    return {true, "simultaneous_answer",
            fmt::format("{} and {} both served it in one re-probe (run {}){}{}", c.text(0),
                        c.text(1), c.int64(2), c.text(3).empty() ? "" : ": ", c.text(3))};
  if (!c.result().ok()) s = c.result();
  return {};
}

std::vector<std::string> ledger::impl::days(std::int64_t device_id) {
  std::vector<std::string> out;
  cursor c = days_of.open();
  c.bind(1, device_id);
  while (c.next()) out.push_back(c.text(0));
  return out;
}

std::optional<reclassification> ledger::evaluate(std::int64_t device_id,
                                                 std::optional<std::int64_t> run_id, status& s) {
  std::string udn;
  key_status was;
  {
    cursor c = impl_->device_row.open();
    c.bind(1, device_id);
    if (!c.next()) {
      s = c.result();
      return std::nullopt;
    }
    udn = c.text(0);
    was = {c.int64(1) != 0, c.opt_text(2), c.opt_text(3)};
  }
  key_status now = initial_status(udn);
  if (!now.shared) now = impl_->derive(device_id, udn, s);
  if (!s.ok() || now == was) return std::nullopt;
  cursor u = impl_->set_status.open();
  u.bind(1, device_id).bind(2, now.shared ? 1 : 0).bind(3, now.reason).bind(4, now.evidence);
  if (s = u.run(); !s.ok()) return std::nullopt;
  if (now.shared == was.shared && now.reason == was.reason) return std::nullopt;  // wording only
  reclassification r{udn, now, impl_->days(device_id)};
  cursor i = impl_->insert_reclassification.open();
  i.bind(1, device_id).bind(2, iso_time(std::chrono::system_clock::now()));
  if (run_id) i.bind(3, *run_id); else i.bind_null(3);
  i.bind(4, now.shared ? 1 : 0).bind(5, now.reason).bind(6, now.evidence).bind(7, join(r.days, ","));
  s = i.run();
  return r;
}

rebuild_report ledger::rebuild(status& s) {
  rebuild_report report;
  std::vector<std::int64_t> ids;
  {
    cursor c = impl_->all_devices.open();
    while (c.next()) ids.push_back(c.int64(0));
  }
  for (const auto id : ids) {
    ++report.devices;
    if (auto r = evaluate(id, std::nullopt, s)) report.changed.push_back(std::move(*r));
    if (!s.ok()) return report;
  }
  cursor m = impl_->meta_set.open();
  m.bind(1, rules_fingerprint(impl_->rules));
  s = m.run();
  return report;
}

bool ledger::stale() {
  cursor c = impl_->meta_get.open();
  return !c.next() || c.text(0) != rules_fingerprint(impl_->rules);
}

status ledger::note_address(std::int64_t device_id, std::int64_t run_id, const std::string& ip,
                            int port) {
  std::vector<std::string> others;
  {
    cursor c = impl_->other_addresses.open();
    c.bind(1, device_id).bind(2, run_id).bind(3, ip);
    while (c.next()) others.push_back(c.text(0));
    if (!c.result().ok()) return c.result();
  }
  for (const auto& other : others) {
    cursor i = impl_->insert_check.open();
    i.bind(1, device_id).bind(2, run_id).bind(3, ip).bind(4, other).bind(5, port);
    if (status s = i.run(); !s.ok()) return s;
  }
  return {};
}

std::vector<clone_check> ledger::pending_checks(std::int64_t run_id) {
  std::vector<clone_check> out;
  cursor c = impl_->pending.open();
  c.bind(1, run_id);
  while (c.next())
    out.push_back({c.int64(0), c.int64(1), c.text(2), c.text(3), c.text(4),
                   static_cast<int>(c.int64(5))});
  return out;
}

std::optional<reclassification> ledger::resolve(const clone_check& check, clone_outcome outcome,
                                                const std::string& detail, status& s) {
  static constexpr const char* names[] = {"clone", "moved", "inconclusive"};
  cursor c = impl_->settle.open();
  c.bind(1, check.device_id).bind(2, check.run_id).bind(3, check.ip_a).bind(4, check.ip_b);
  c.bind(5, names[static_cast<int>(outcome)]).bind(6, detail);
  c.bind(7, iso_time(std::chrono::system_clock::now()));
  if (s = c.run(); !s.ok()) return std::nullopt;
  return evaluate(check.device_id, check.run_id, s);
}

std::vector<reclassification> ledger::reclassified_by(std::int64_t run_id) {
  std::vector<reclassification> out;
  cursor c = impl_->by_run.open();
  c.bind(1, run_id);
  while (c.next())
    out.push_back({c.text(0), {c.int64(1) != 0, c.opt_text(2), c.opt_text(3)}, split_days(c.text(4))});
  return out;
}

}  // namespace iotprobe::db
