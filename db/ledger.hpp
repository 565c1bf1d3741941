// The device ledger's identity rules (issue 11): which keys are shared (never one device)
// and why, derived from stored evidence and the current rules, never frozen at first sight.
// Rules, strongest first:
//   known_default        the key is on the config's known_default_udn list;
//   mac_unset / mac_broadcast / mac_multicast   a MAC-bearing UDN whose MAC no unit owns;
//   conflicting_serial   two different root serial numbers were served under the key;
//   simultaneous_answer  a re-probe found the key answering at two addresses at once.
// A model string change is no rule (firmware updates change it). Two addresses on one day
// are not a rule either, however close or far apart in time they answered: they open a
// clone check, which a re-probe of both at the end of the run settles.
// Every change of a key's status is a reclassification, recorded with the stored days
// whose counts it changed, so no past day's count changes silently.
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::db {

struct ledger_rules {
  std::vector<std::string> known_default_udns;  // as configured (normalised by the ledger)
};

// Changes whenever the rules or their meaning change (the list, or this code's version).
std::string rules_fingerprint(const ledger_rules& rules);

// A key's status under the rules: shared, the rule's name and its evidence in words.
struct key_status {
  bool shared = false;
  std::optional<std::string> reason, evidence;
  friend bool operator==(const key_status&, const key_status&) = default;
};

struct reclassification {
  std::string udn;
  key_status now;
  std::vector<std::string> days;  // every stored day of the key: their counts changed
};

struct rebuild_report {
  std::int64_t devices = 0;  // keys re-derived
  std::vector<reclassification> changed;
};

// Two addresses that served one key on one day, waiting for a re-probe of both by the run
// that saw the second.
struct clone_check {
  std::int64_t device_id = 0, run_id = 0;
  std::string udn, ip_a, ip_b;
  int port = 0;  // where the key was served (what a re-probe asks)
};

enum class clone_outcome {
  clone,         // both addresses served the key in one re-probe: two units
  moved,         // only one did: one unit that changed address
  inconclusive,  // neither answered: nothing learnt
};

class ledger {
 public:
  ledger(database& db, ledger_rules rules);
  ~ledger();
  ledger(const ledger&) = delete;
  ledger& operator=(const ledger&) = delete;

  // The status the rules give a key seen for the first time (static rules only).
  key_status initial_status(const std::string& udn) const;
  // Re-derives one device's status from stored evidence; when it changed, updates the
  // device and records a reclassification (caused by `run_id`, when given).
  std::optional<reclassification> evaluate(std::int64_t device_id,
                                           std::optional<std::int64_t> run_id, status& s);
  // Re-derives every device and records the rules' fingerprint (one transaction is the
  // caller's business).
  rebuild_report rebuild(status& s);
  // True when the store's keys were derived under other rules, or none are recorded (a
  // new store, or one written before the rules were recorded).
  bool stale();

  // Opens a clone check, owned by `run_id`, for every other address that served
  // `device_id` on the run's day (in this run or an earlier one).
  status note_address(std::int64_t device_id, std::int64_t run_id, const std::string& ip,
                      int port);
  // The run's open checks whose key is not shared already (a shared key needs no re-probe).
  std::vector<clone_check> pending_checks(std::int64_t run_id);
  // Records a re-probe's outcome and re-evaluates the key.
  std::optional<reclassification> resolve(const clone_check& check, clone_outcome outcome,
                                          const std::string& detail, status& s);
  // What `run_id` reclassified (the batch summary).
  std::vector<reclassification> reclassified_by(std::int64_t run_id);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iotprobe::db
