// Writing one finished host: the host row, its responses and descriptions, the verdict,
// the progress rows and the ledger (device, shared-UDN checks, sighting). Runs inside the
// caller's savepoint, so a failure here rolls back this host alone.
#include "db/day.hpp"
#include "db/evidence_codec.hpp"
#include "db/sha256.hpp"
#include "db/store_impl.hpp"

#include <algorithm>
#include <set>

namespace iotprobe::db {
namespace {

bool differs(const std::optional<std::string>& stored, const std::optional<std::string>& seen) {
  return stored && seen && !stored->empty() && !seen->empty() && *stored != *seen;
}

std::optional<std::string> header_or_null(const parsers::http_response& r, std::string_view name) {
  auto v = r.header(name);
  return v ? std::optional<std::string>{std::string(*v)} : std::nullopt;
}

}  // namespace

status store::impl::mark_shared(std::int64_t device_id, const char* reason) {
  cursor c = set_shared.open();
  c.bind(1, device_id).bind(2, reason);
  return c.run();
}

// Finds or creates the device for `c`; flags it shared when it is a known default or
// its serial/model conflicts with what was stored before.
std::optional<std::int64_t> store::impl::upsert_device(const parsers::udn_candidate& c,
                                                       const parsers::host_result& host,
                                                       const std::string& day, status& s) {
  const auto& v = host.verdict;
  std::optional<std::int64_t> id;
  bool conflict = false;
  {
    cursor q = select_device.open();
    q.bind(1, c.udn);
    if (q.next()) {
      id = q.int64(0);
      conflict = differs(q.opt_text(1), c.serial_number) || differs(q.opt_text(2), c.model_name) ||
                 differs(q.opt_text(3), c.model_number);
    } else if (!q.result().ok()) {
      s = q.result();
      return std::nullopt;
    }
  }
  if (id) {
    cursor u = update_device_days.open();
    u.bind(1, *id).bind(2, day).bind(3, v.family).bind(4, v.vendor);
    s = u.run();
    if (s.ok() && conflict) s = mark_shared(*id, "conflicting_attributes");
    return s.ok() ? id : std::nullopt;
  }
  cursor i = insert_device.open();
  i.bind(1, c.udn).bind(2, c.udn_raw).bind(3, c.mac);
  i.bind(4, c.known_default ? 1 : 0);
  if (c.known_default) i.bind(5, "known_default"); else i.bind_null(5);
  i.bind(6, v.family).bind(7, v.vendor).bind(8, c.manufacturer).bind(9, c.model_name);
  i.bind(10, c.model_number).bind(11, c.serial_number).bind(12, day);
  s = i.run();
  if (!s.ok()) return std::nullopt;
  return db.last_insert_rowid();
}

status store::impl::write_descriptions(std::int64_t host_id, std::int64_t response_id,
                                       const parsers::upnp_description& d) {
  for (const auto& dev : d.devices) {
    cursor c = insert_description.open();
    c.bind(1, host_id).bind(2, response_id).bind(3, dev.path).bind(4, dev.device_type);
    c.bind(5, dev.friendly_name).bind(6, dev.manufacturer).bind(7, dev.model_name);
    c.bind(8, dev.model_number).bind(9, dev.model_description).bind(10, dev.serial_number);
    c.bind(11, dev.udn);
    if (dev.udn_parsed) c.bind(12, dev.udn_parsed->normalized); else c.bind_null(12);
    status s = c.run();
    if (!s.ok()) return s;
  }
  return {};
}

// Raw bytes are kept up to raw_cap per probe and raw_cap_per_host for the whole host, in
// probe order, so no device can grow the store without bound; raw_bytes keeps the true size.
status store::impl::write_probes(std::int64_t host_id, const parsers::host_result& host) {
  int seq = 0;
  std::size_t raw_left = options.raw_cap_per_host;
  for (const auto& p : host.probes) {
    cursor c = insert_response.open();
    c.bind(1, host_id).bind(2, seq++).bind(3, p.port).bind(4, parsers::to_string(p.probe)).bind(5, p.path);
    c.bind(6, parsers::to_string(p.status)).bind(7, p.detail).bind(8, p.elapsed_ms);
    if (p.http) {
      c.bind(9, p.http->status_code).bind(10, header_or_null(*p.http, "Server"));
      if (p.http->title) c.bind(11, p.http->title->utf8); else c.bind_null(11);
      if (p.http->auth) c.bind(12, p.http->auth->realm); else c.bind_null(12);
      c.bind(13, header_or_null(*p.http, "Content-Type"));
      c.bind(16, sha256_hex(p.http->body));
    } else {
      c.bind_null(9).bind_null(10).bind_null(11).bind_null(12).bind_null(13).bind_null(16);
    }
    const std::string_view raw = std::string_view{p.raw}.substr(0, std::min(options.raw_cap, raw_left));
    raw_left -= raw.size();
    c.bind_blob(14, raw).bind(15, static_cast<std::int64_t>(p.raw.size()));
    status s = c.run();
    if (!s.ok()) return s;
    if (p.description && p.description->status == parsers::probe_status::ok) {
      s = write_descriptions(host_id, db.last_insert_rowid(), *p.description);
      if (!s.ok()) return s;
    }
  }
  return {};
}

status store::impl::write_verdict(std::int64_t host_id, const parsers::verdict& v) {
  cursor c = insert_verdict.open();
  c.bind(1, host_id).bind(2, v.family).bind(3, v.vendor).bind(4, v.product).bind(5, v.version);
  c.bind(6, v.certainty).bind(7, encode_evidence(v.evidence));
  c.bind(8, encode_conflicts(v.conflicts));
  return c.run();
}

// A UDN answering at two addresses of one run within the probe window is shared (one
// device holds one address at a time); further apart, it is a device that moved.
status store::impl::write_sighting(std::int64_t device_id, std::int64_t run_id,
                                   const parsers::host_result& host, const std::string& day) {
  const std::string seen = iso_time(host.finished);
  status s;
  cursor c = count_run_ips.open();
  c.bind(1, device_id).bind(2, run_id).bind(3, host.ip).bind(4, seen);
  c.bind(5, static_cast<double>(options.shared_window.count()));
  if (c.next() && c.int64(0) >= 1) s = mark_shared(device_id, "multi_address");
  if (!s.ok()) return s;
  cursor u = upsert_sighting.open();
  u.bind(1, device_id).bind(2, host.ip).bind(3, day).bind(4, seen).bind(5, seen).bind(6, run_id);
  return u.run();
}

// The last status per (port, probe), then the host-level row that marks the target done.
// Written in the host's own transaction, so a kill -9 leaves either all of it or none.
status store::impl::write_progress(std::int64_t run_id, const parsers::host_result& host) {
  std::set<std::pair<int, parsers::probe_kind>> done;
  status s;
  for (auto it = host.probes.rbegin(); it != host.probes.rend(); ++it) {
    if (!done.emplace(it->port, it->probe).second) continue;
    cursor c = insert_progress.open();
    c.bind(1, run_id).bind(2, host.ip).bind(3, it->port).bind(4, parsers::to_string(it->probe));
    c.bind(5, parsers::to_string(it->status));
    if (s = c.run(); !s.ok()) return s;
  }
  cursor c = insert_progress.open();  // present even with no probes
  c.bind(1, run_id).bind(2, host.ip).bind(3, 0).bind(4, "host").bind(5, "done");
  return c.run();
}

status store::impl::write_host(std::int64_t run_id, const parsers::host_result& host) {
  {
    cursor c = host_exists.open();
    c.bind(1, run_id).bind(2, host.ip);
    if (c.next()) return {};  // already stored: a duplicate hand-off is not a second row
  }
  const std::string day = day_of(run_id);
  const parsers::host_identity identity = parsers::identify_host(host, options.known_default_udns);
  status s;
  std::optional<std::int64_t> device_id;
  if (const parsers::udn_candidate* chosen = identity.chosen()) {
    device_id = upsert_device(*chosen, host, day, s);
    if (!s.ok()) return s;
  }
  const bool open = parsers::host_is_open(host);
  {
    cursor c = insert_host.open();
    c.bind(1, run_id).bind(2, host.ip).bind(3, day).bind(4, host.country).bind(5, host.tag);
    c.bind(6, iso_time(host.started)).bind(7, iso_time(host.finished)).bind(8, open ? 1 : 0);
    c.bind(9, host.verdict.family);
    if (device_id) c.bind(10, *device_id); else c.bind_null(10);
    if (s = c.run(); !s.ok()) return s;
  }
  const std::int64_t host_id = db.last_insert_rowid();
  if (device_id && (s = write_sighting(*device_id, run_id, host, day), !s.ok())) return s;
  if (s = write_probes(host_id, host); !s.ok()) return s;
  if (s = write_verdict(host_id, host.verdict); !s.ok()) return s;
  if (s = write_progress(run_id, host); !s.ok()) return s;
  cursor b = bump_run.open();
  b.bind(1, run_id).bind(2, open ? 1 : 0).bind(3, host.verdict.family ? 1 : 0);
  return b.run();
}

}  // namespace iotprobe::db
