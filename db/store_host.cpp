// Writing one finished host: the host row, its devices, responses and descriptions, the
// verdict, the progress rows and the ledger (device rows, sightings, clone checks and the
// re-derivation of each key it touched). Runs inside the caller's savepoint, so a failure
// here rolls back this host alone.
#include "db/day.hpp"
#include "db/evidence_codec.hpp"
#include "db/store_impl.hpp"
#include "parsers/core/sha256.hpp"

#include <algorithm>
#include <set>

namespace iotprobe::db {
namespace {

std::optional<std::string> header_or_null(const parsers::http_response& r, std::string_view name) {
  auto v = r.header(name);
  return v ? std::optional<std::string>{std::string(*v)} : std::nullopt;
}

std::string port_list(const std::vector<int>& ports) {
  std::string out;
  for (int p : ports) out += (out.empty() ? "" : ",") + std::to_string(p);
  return out;
}

}  // namespace

// Finds or creates the device for key `c` (a new key starts with the status the static
// rules give it; everything else is the ledger's re-derivation after the host is written).
std::optional<std::int64_t> store::impl::upsert_device(const parsers::udn_candidate& c,
                                                       const std::optional<std::string>& family,
                                                       const std::optional<std::string>& vendor,
                                                       const std::string& day, status& s) {
  const std::string kind(parsers::to_string(c.kind));
  {
    cursor q = select_device.open();
    q.bind(1, c.udn);
    if (q.next()) {
      const std::int64_t id = q.int64(0);
      cursor u = update_device_days.open();
      u.bind(1, id).bind(2, day).bind(3, family).bind(4, vendor).bind(5, kind);
      s = u.run();
      return s.ok() ? std::optional<std::int64_t>(id) : std::nullopt;
    }
    if (!q.result().ok()) {
      s = q.result();
      return std::nullopt;
    }
  }
  const key_status born = ledger.initial_status(c.udn);
  cursor i = insert_device.open();
  i.bind(1, c.udn).bind(2, c.udn_raw).bind(3, c.mac).bind(4, born.shared ? 1 : 0);
  i.bind(5, born.reason).bind(6, born.evidence).bind(7, family).bind(8, vendor);
  i.bind(9, c.manufacturer).bind(10, c.model_name).bind(11, c.model_number);
  i.bind(12, c.serial_number).bind(13, day).bind(14, kind);
  s = i.run();
  if (!s.ok()) return std::nullopt;
  return db.last_insert_rowid();
}

// One row per identified device, the primary first; a host without one gets a single row
// without a family, holding its own identity key (an unidentified host still has one).
status store::impl::write_host_devices(std::int64_t host_id, const parsers::verdict& v,
                                       const std::vector<std::optional<std::int64_t>>& device_ids) {
  for (std::size_t i = 0; i < device_ids.size(); ++i) {
    cursor c = insert_host_device.open();
    c.bind(1, host_id).bind(2, static_cast<std::int64_t>(i));
    if (i < v.devices.size()) {
      const auto& d = v.devices[i];
      c.bind(3, d.family).bind(4, d.vendor).bind(5, d.product).bind(6, d.version);
      c.bind(7, d.certainty).bind(8, port_list(d.ports)).bind(9, encode_conflicts(d.conflicts));
    } else {
      c.bind_null(3).bind(4, v.vendor).bind(5, v.product).bind(6, v.version);
      c.bind(7, 0.0).bind(8, "").bind(9, "[]");
    }
    if (device_ids[i]) c.bind(10, *device_ids[i]); else c.bind_null(10);
    if (status s = c.run(); !s.ok()) return s;
  }
  return {};
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

status store::impl::write_certificate(std::int64_t host_id, std::int64_t response_id, int port,
                                      const parsers::tls_certificate& cert) {
  const auto or_null = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  cursor c = insert_certificate.open();
  c.bind(1, response_id).bind(2, host_id).bind(3, port).bind(4, parsers::to_string(cert.status));
  c.bind(5, or_null(cert.detail)).bind(6, or_null(cert.subject)).bind(7, or_null(cert.issuer));
  c.bind(8, or_null(cert.not_before)).bind(9, or_null(cert.not_after));
  c.bind(10, or_null(cert.sha256));
  return c.run();
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
      c.bind(16, parsers::sha256_hex(p.http->body));
    } else {
      c.bind_null(9).bind_null(10).bind_null(11).bind_null(12).bind_null(13).bind_null(16);
    }
    const std::string_view raw = std::string_view{p.raw}.substr(0, std::min(options.raw_cap, raw_left));
    raw_left -= raw.size();
    c.bind_blob(14, raw).bind(15, static_cast<std::int64_t>(p.raw.size()));
    status s = c.run();
    if (!s.ok()) return s;
    const std::int64_t response_id = db.last_insert_rowid();
    if (p.description && p.description->status == parsers::probe_status::ok) {
      s = write_descriptions(host_id, response_id, *p.description);
      if (!s.ok()) return s;
    }
    if (p.certificate) {
      s = write_certificate(host_id, response_id, p.port, *p.certificate);
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

status store::impl::write_sighting(std::int64_t device_id, std::int64_t run_id,
                                   const parsers::host_result& host, const std::string& day) {
  const std::string seen = iso_time(host.finished);
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

// The device row of each identity key the host's devices (and the host itself) are named
// by, each key once: per_device[i] is devices[i]'s, root the host's chosen key's.
status store::impl::write_keys(const parsers::host_identity& identity, const parsers::verdict& v,
                               const std::string& day, host_keys& out) {
  status s;
  auto device_for = [&](const parsers::udn_candidate* c, const std::optional<std::string>& family,
                        const std::optional<std::string>& vendor) -> std::optional<std::int64_t> {
    if (!c || !s.ok()) return std::nullopt;
    for (const auto& [key, id] : out.rows)
      if (key == c) return id;
    const auto id = upsert_device(*c, family, vendor, day, s);
    if (id) out.rows.emplace_back(c, *id);
    return id;
  };
  const auto keys = parsers::identify_devices(identity, v);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const bool named = i < v.devices.size();
    out.per_device.push_back(device_for(keys[i], named ? std::optional(v.devices[i].family) : std::nullopt,
                                        named ? v.devices[i].vendor : std::nullopt));
  }
  out.root = device_for(identity.chosen(), std::nullopt, std::nullopt);
  return s;
}

// Per key: the sighting, a clone check for any other address of the day, and the
// re-derivation of its status (the serials just written may conflict).
status store::impl::write_ledger(const host_keys& keys, std::int64_t run_id,
                                 const parsers::host_result& host, const std::string& day) {
  status s;
  for (const auto& [key, id] : keys.rows) {
    if (s = write_sighting(id, run_id, host, day); !s.ok()) return s;
    // A key shared by construction needs no re-probe to tell clones from moves.
    if (!ledger.initial_status(key->udn).shared &&
        (s = ledger.note_address(id, run_id, host.ip, key->port), !s.ok()))
      return s;
    ledger.evaluate(id, run_id, s);
    if (!s.ok()) return s;
  }
  return s;
}

status store::impl::insert_host_row(std::int64_t run_id, const parsers::host_result& host,
                                    const std::string& day, bool open,
                                    std::optional<std::int64_t> root_id) {
  cursor c = insert_host.open();
  c.bind(1, run_id).bind(2, host.ip).bind(3, day).bind(4, host.country).bind(5, host.tag);
  c.bind(6, iso_time(host.started)).bind(7, iso_time(host.finished)).bind(8, open ? 1 : 0);
  c.bind(9, host.verdict.family);
  if (root_id) c.bind(10, *root_id); else c.bind_null(10);
  c.bind(11, host.verdict.honeypot_like ? 1 : 0);
  if (host.first_seen) {
    c.bind(12, iso_time(*host.first_seen));
    c.bind(13, std::chrono::duration<double>(host.started - *host.first_seen).count());
  } else {
    c.bind_null(12).bind_null(13);
  }
  return c.run();
}

status store::impl::write_host(std::int64_t run_id, const parsers::host_result& host) {
  {
    cursor c = host_exists.open();
    c.bind(1, run_id).bind(2, host.ip);
    if (c.next()) return {};  // already stored: a duplicate hand-off is not a second row
  }
  const std::string day = day_of(run_id);
  const parsers::verdict& v = host.verdict;
  const parsers::host_identity identity = parsers::identify_host(host, options.known_default_udns);
  host_keys keys;
  status s = write_keys(identity, v, day, keys);
  if (!s.ok()) return s;
  const bool open = parsers::host_is_open(host);
  if (s = insert_host_row(run_id, host, day, open, keys.root); !s.ok()) return s;
  const std::int64_t host_id = db.last_insert_rowid();
  if (s = write_host_devices(host_id, v, keys.per_device); !s.ok()) return s;
  if (s = write_probes(host_id, host); !s.ok()) return s;
  if (s = write_ledger(keys, run_id, host, day); !s.ok()) return s;
  if (s = write_verdict(host_id, v); !s.ok()) return s;
  if (s = write_progress(run_id, host); !s.ok()) return s;
  cursor b = bump_run.open();
  b.bind(1, run_id).bind(2, open ? 1 : 0).bind(3, v.family ? 1 : 0);
  return b.run();
}

}  // namespace iotprobe::db
