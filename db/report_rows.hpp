// The host rows every report count reads, as SQL fragments used inside FROM (...). Today a
// host has one family, one version and at most one device; when hosts carry several
// identified devices (issue 11's host_devices), these two fragments are what becomes a
// join, and every count follows. Internal to db/report*.cpp.
#pragma once

namespace iotprobe::db::report_rows {

// One row per (host, identified device): day, ip, country, open, family, device_id.
inline constexpr const char* host_devices =
    "SELECT day, ip, country, open, family, device_id FROM hosts";

// The same with the fingerprint's version string: day, ip, country, open, family, version.
inline constexpr const char* host_versions =
    "SELECT h.day, h.ip, h.country, h.open, h.family, v.version FROM hosts h "
    "JOIN verdicts v ON v.host_id = h.id";

}  // namespace iotprobe::db::report_rows
