// follow's queue and sightings as SQL on the store's connection (see follow_queue.hpp).
#include "db/follow_queue.hpp"

namespace iotprobe::db {

follow_queue::follow_queue(database& db)
    : known_(db, "SELECT 1 FROM sources WHERE run_id = ?1 AND ip = ?2"),
      probed_since_(db, "SELECT 1 FROM hosts WHERE ip = ?1 AND started_at >= ?2 "
                        "UNION ALL SELECT 1 FROM follow_queue WHERE ip = ?1 LIMIT 1"),
      enqueue_(db, "INSERT OR IGNORE INTO follow_queue(run_id, ip, first_seen, country, tag, "
                   "queued_at) VALUES(?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"),
      count_(db, "UPDATE sources SET mirai_syns = coalesce(mirai_syns, 0) + 1, "
                 "last_seen = max(coalesce(last_seen, ?3), ?3) WHERE run_id = ?1 AND ip = ?2"),
      scanner_source_(db, "UPDATE sources SET tag = 'scanner', admission = 'scanner' "
                          "WHERE run_id = ?1 AND ip = ?2"),
      scanner_host_(db, "UPDATE hosts SET tag = 'scanner' WHERE run_id = ?1 AND ip = ?2 "
                        "AND tag IS NOT 'scanner'"),
      remove_(db, "DELETE FROM follow_queue WHERE run_id = ?1 AND ip = ?2"),
      page_(db, "SELECT seq, run_id, ip, first_seen, country, tag FROM follow_queue "
                "WHERE seq > ?1 ORDER BY seq LIMIT ?2"),
      size_(db, "SELECT count(*) FROM follow_queue"),
      totals_(db, "SELECT count(*) FILTER (WHERE admission = 'accepted'), "
                  "count(*) FILTER (WHERE admission <> 'accepted') FROM sources WHERE run_id = ?1") {}

bool follow_queue::known(std::int64_t run_id, const std::string& ip, status& s) {
  cursor c = known_.open();
  c.bind(1, run_id).bind(2, ip);
  const bool found = c.next();
  s = c.result();
  return found;
}

bool follow_queue::probed_since(const std::string& ip, const std::string& since, status& s) {
  cursor c = probed_since_.open();
  c.bind(1, ip).bind(2, since);
  const bool found = c.next();
  s = c.result();
  return found;
}

status follow_queue::enqueue(const queued_source& q) {
  cursor c = enqueue_.open();
  c.bind(1, q.run_id).bind(2, q.ip).bind(3, q.first_seen).bind(4, q.country).bind(5, q.tag);
  return c.run();
}

status follow_queue::count_sighting(std::int64_t run_id, const std::string& ip,
                                    const std::string& seen) {
  cursor c = count_.open();
  c.bind(1, run_id).bind(2, ip).bind(3, seen);
  return c.run();
}

status follow_queue::mark_scanner(std::int64_t run_id, const std::string& ip) {
  for (statement* st : {&scanner_source_, &scanner_host_, &remove_}) {
    cursor c = st->open();
    c.bind(1, run_id).bind(2, ip);
    if (status s = c.run(); !s.ok()) return s;
  }
  return {};
}

status follow_queue::remove(std::int64_t run_id, const std::string& ip) {
  cursor c = remove_.open();
  c.bind(1, run_id).bind(2, ip);
  return c.run();
}

std::vector<queued_source> follow_queue::page(std::int64_t after_seq, std::size_t limit, status& s) {
  std::vector<queued_source> out;
  cursor c = page_.open();
  c.bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
  while (c.next()) {
    out.push_back({c.int64(0), c.int64(1), c.text(2), c.text(3), c.opt_text(4), c.opt_text(5)});
  }
  s = c.result();
  return out;
}

std::int64_t follow_queue::size(status& s) {
  cursor c = size_.open();
  const std::int64_t n = c.next() ? c.int64(0) : 0;
  s = c.result();
  return n;
}

run_source_totals follow_queue::totals(std::int64_t run_id, status& s) {
  cursor c = totals_.open();
  c.bind(1, run_id);
  run_source_totals t;
  if (c.next()) t = {c.int64(0), c.int64(1)};
  s = c.result();
  return t;
}

}  // namespace iotprobe::db
