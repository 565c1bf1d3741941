// run_devices (see run_counts.hpp): three counting queries over one run's open hosts.
#include "db/run_counts.hpp"

namespace iotprobe::db {
namespace {

std::int64_t count(database& db, const char* sql, std::int64_t run_id) {
  statement q{db, sql};
  cursor c = q.open();
  c.bind(1, run_id);
  return c.next() ? c.int64(0) : 0;
}

}  // namespace

run_device_counts run_devices(database& db, std::int64_t run_id) {
  run_device_counts out;
  out.devices = count(db, "SELECT count(DISTINCT d.id) FROM hosts h "
                          "JOIN host_devices hd ON hd.host_id = h.id JOIN devices d ON d.id = hd.device_id "
                          "WHERE h.run_id = ?1 AND h.open = 1 AND h.honeypot = 0 AND d.shared = 0", run_id);
  out.identity_hosts = count(db, "SELECT count(*) FROM hosts h WHERE h.run_id = ?1 AND h.open = 1 "
                                 "AND h.honeypot = 0 AND (EXISTS(SELECT 1 FROM descriptions ds "
                                 "WHERE ds.host_id = h.id) OR EXISTS(SELECT 1 FROM responses r "
                                 "WHERE r.host_id = h.id AND r.probe = 'ssdp' AND r.status = 'ok') "
                                 "OR EXISTS(SELECT 1 FROM certificates c WHERE c.host_id = h.id "
                                 "AND c.status = 'ok' AND c.subject = c.issuer))",
                             run_id);
  out.honeypot_hosts = count(db, "SELECT count(*) FROM hosts WHERE run_id = ?1 AND open = 1 "
                                 "AND honeypot = 1", run_id);
  const std::int64_t open = count(db, "SELECT count(*) FROM hosts WHERE run_id = ?1 AND open = 1", run_id);
  out.http_only_hosts = open - out.honeypot_hosts - out.identity_hosts;
  return out;
}

}  // namespace iotprobe::db
