// The host rows every report count reads, as SQL fragments used inside FROM (...): one row
// per (host, device the fingerprint found on it), from issue 11's host_devices, as
// db/churn counts them: a router and the camera behind it are two rows of one address, and
// a honeypot-like host has no family and no device (it counts as probed and open, never
// as identified). Internal to db/report*.cpp.
#pragma once

namespace iotprobe::db::report_rows {

// day, ip, country, open, family, device_id (NULL family: not identified).
inline constexpr const char* host_devices =
    "SELECT h.day AS day, h.ip AS ip, h.country AS country, h.open AS open, "
    "CASE WHEN h.honeypot = 0 THEN hd.family END AS family, "
    "CASE WHEN h.honeypot = 0 THEN hd.device_id END AS device_id "
    "FROM hosts h LEFT JOIN host_devices hd ON hd.host_id = h.id";

// The same with each device's version string: day, ip, country, open, family, version.
inline constexpr const char* host_versions =
    "SELECT h.day AS day, h.ip AS ip, h.country AS country, h.open AS open, hd.family AS family, "
    "hd.version AS version FROM hosts h JOIN host_devices hd ON hd.host_id = h.id "
    "WHERE h.honeypot = 0";

}  // namespace iotprobe::db::report_rows
