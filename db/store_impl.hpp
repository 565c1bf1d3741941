// Internal to db/: the store's connection, its statements (each prepared once), the ledger
// and the open batch transaction. Included only by store.cpp and store_host.cpp.
#pragma once

#include "db/store.hpp"

#include <chrono>
#include <map>
#include <memory>

namespace iotprobe::db {

struct store::impl {
  impl(const std::string& path, store_options opts);

  // The device rows a host's identity keys map to (see write_keys).
  struct host_keys {
    std::vector<std::pair<const parsers::udn_candidate*, std::int64_t>> rows;  // each key once
    std::vector<std::optional<std::int64_t>> per_device;  // per verdict device (or the one row)
    std::optional<std::int64_t> root;  // the host's chosen key (hosts.device_id)
  };

  // How often add_host writes a host that raced another writer of a shared store.
  static constexpr int conflict_attempts = 8;

  status begin_batch();  // opens the batch transaction unless one is open
  status write_host_alone(std::int64_t run_id, const parsers::host_result& host,
                          const std::function<status()>& also);
  status write_host(std::int64_t run_id, const parsers::host_result& host);
  status write_keys(const parsers::host_identity& identity, const parsers::verdict& v,
                    const std::string& day, host_keys& out);
  status write_ledger(const host_keys& keys, std::int64_t run_id,
                      const parsers::host_result& host, const std::string& day);
  status insert_host_row(std::int64_t run_id, const parsers::host_result& host,
                         const std::string& day, bool open, std::optional<std::int64_t> root_id);
  std::optional<std::int64_t> upsert_device(const parsers::udn_candidate& c,
                                            const std::optional<std::string>& family,
                                            const std::optional<std::string>& vendor,
                                            const std::string& day, status& s);
  status write_host_devices(std::int64_t host_id, const parsers::verdict& v,
                            const std::vector<std::optional<std::int64_t>>& device_ids);
  status write_probes(std::int64_t host_id, const parsers::host_result& host);
  status write_descriptions(std::int64_t host_id, std::int64_t response_id,
                            const parsers::upnp_description& d);
  status write_certificate(std::int64_t host_id, std::int64_t response_id, int port,
                           const parsers::tls_certificate& c);
  status write_verdict(std::int64_t host_id, const parsers::verdict& v);
  status write_sighting(std::int64_t device_id, std::int64_t run_id,
                        const parsers::host_result& host, const std::string& day);
  status write_progress(std::int64_t run_id, const parsers::host_result& host);
  const std::string& day_of(std::int64_t run_id);

  store_options options;
  database db;
  db::ledger ledger;
  rebuild_report opened_rebuild;
  std::unique_ptr<transaction> batch;
  std::size_t batch_hosts = 0;
  std::chrono::steady_clock::time_point batch_started{};
  std::map<std::int64_t, std::string> run_days;

  statement find_run, insert_run, set_run_running, select_run, finished, host_exists,
      insert_host, select_device, insert_device, update_device_days, insert_host_device,
      insert_response, insert_description, insert_certificate, insert_verdict, insert_progress,
      upsert_sighting, bump_run, finish_run, insert_source, refuse_source;
};

}  // namespace iotprobe::db
