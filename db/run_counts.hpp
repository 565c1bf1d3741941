// What a run's summary says beyond its families (issue 11): devices measured against the
// addresses that could hold one (a UPnP description, an SSDP reply or a self-signed TLS
// certificate; an address that showed none of them never can), and the honeypot-like
// addresses left out. Read-only.
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>

namespace iotprobe::db {

struct run_device_counts {
  std::int64_t devices = 0;          // distinct per-device keys over the run's open hosts
  std::int64_t identity_hosts = 0;   // open addresses that served a description, SSDP reply
                                     // or self-signed certificate
  std::int64_t http_only_hosts = 0;  // open addresses that served none of them
  std::int64_t honeypot_hosts = 0;   // open honeypot-like addresses, left out of the above
};

run_device_counts run_devices(database& db, std::int64_t run_id);

}  // namespace iotprobe::db
