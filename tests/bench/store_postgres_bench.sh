#!/usr/bin/env bash
# Lookup latency on a PostgreSQL store with 1,000,000 sightings (and as many hosts and
# verdicts) over 250,000 devices and 30 days, synthesised inside the server with
# generate_series; addresses come from 198.18.0.0/15 (RFC 2544, benchmarking) and are only
# stored, never dialled. Times `iotprobe lookup ip` and `lookup uuid` end to end (process
# start, connect and query) and prints the medians. A throwaway cluster on a Unix socket
# (tests/e2e/postgres_lib.sh); run inside scripts/netns-run.
# usage: store_postgres_bench.sh BUILD_DIR [SIGHTINGS] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build_dir=${1:-build}
sightings=${2:-1000000}
runs=${3:-21}
bin="$build_dir/prober/iotprobe"
source "$here/../e2e/postgres_lib.sh"
require_postgres
work=$(mktemp -d)
trap 'stop_cluster; rm -rf "$work"' EXIT
start_cluster "$work"
"$bin" churn --from 2021-01-01 --db "$pg_uri" >/dev/null  # opening a store writes its schema

began=$(date +%s%N)
pg_sql "
INSERT INTO runs(id, input, day, config_hash, started_at, state)
  SELECT d, 'day-' || d || '.csv', to_char(date '2021-05-01' + d - 1, 'YYYY-MM-DD'), 'bench',
         '2021-05-01T00:00:00Z', 'finished' FROM generate_series(1, 30) d;
INSERT INTO devices(id, udn, shared, family, model_name, manufacturer, first_day, last_day)
  SELECT i, 'uuid:63041253-1019-2006-1228-' || lpad(to_hex(i - 1), 12, '0'), 0, 'logitec-router',
         'LAN-W300N/DR', 'Logitec', '2021-05-01', '2021-05-30'
  FROM generate_series(1, greatest($sightings / 4, 1)) i;
CREATE TEMP TABLE synth AS
  SELECT n, n % 30 + 1 AS run_id, to_char(date '2021-05-01' + n % 30, 'YYYY-MM-DD') AS day,
         '198.' || (18 + (n >> 16) % 2) || '.' || ((n >> 8) & 255) || '.' || (n & 255) AS ip,
         n % greatest($sightings / 4, 1) + 1 AS device_id
  FROM generate_series(1, $sightings) n;
INSERT INTO hosts(id, run_id, ip, day, country, open, family, device_id)
  SELECT n, run_id, ip, day, 'JP', 1, 'logitec-router', device_id FROM synth;
INSERT INTO sightings(device_id, ip, day, first_seen, last_seen, run_id)
  SELECT device_id, ip, day, '2021-05-01T00:00:00Z', '2021-05-01T00:00:01Z', run_id FROM synth
  ON CONFLICT DO NOTHING;
INSERT INTO verdicts(host_id, family, vendor, certainty, evidence, conflicts)
  SELECT n, 'logitec-router', 'Logitec', 0.9, '[]', '[]' FROM synth;
ANALYZE;"
echo "built: $(pg_sql "SELECT count(*) FROM sightings") sightings, $(pg_sql "SELECT count(*) FROM hosts") hosts," \
     "$(pg_sql "SELECT count(*) FROM devices") devices in $((($(date +%s%N) - began) / 1000000)) ms"

ip=$(pg_sql "SELECT ip FROM hosts WHERE device_id = 4242 LIMIT 1")
udn="uuid:63041253-1019-2006-1228-$(printf %012x 4241)"
# median_ms CMD…: the median wall time of RUNS runs (after 3 warm-ups), in ms.
median_ms() {
  local times=() t
  for ((i = 0; i < 3; i++)); do "$@" >/dev/null; done
  for ((i = 0; i < runs; i++)); do
    t=$(date +%s%N)
    "$@" >/dev/null
    times+=($((($(date +%s%N) - t) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR + 1) / 2)] / 1000}'
}
# query_median_ms SQL: the median of RUNS executions in one psql session (\timing: the
# round trip of the query alone, without process start and connect).
query_median_ms() {
  local args=(-c '\timing on') i
  for ((i = 0; i < runs + 3; i++)); do args+=(-c "$1"); done
  "$pg_bindir/psql" -h "$pg_sock" -U iotprobe -d iotprobe -qAt "${args[@]}" |
    sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n "$runs" | sort -n |
    awk '{a[NR]=$1} END {printf "%.2f", a[int((NR + 1) / 2)]}'
}
echo "query alone, hosts of an ip (lookup ip's main query): median $(query_median_ms "SELECT h.id, h.run_id, r.input, h.day, h.country, v.family, v.vendor, v.product, v.version, v.certainty, h.started_at, h.finished_at, h.open, d.udn, d.shared, d.shared_reason, d.identity_kind FROM hosts h JOIN runs r ON r.id = h.run_id LEFT JOIN verdicts v ON v.host_id = h.id LEFT JOIN devices d ON d.id = h.device_id WHERE h.ip = '$ip' ORDER BY h.day, h.run_id") ms"
echo "query alone, a device's sightings (lookup uuid's timeline): median $(query_median_ms "SELECT day, ip, first_seen, last_seen, run_id FROM sightings WHERE device_id = (SELECT id FROM devices WHERE udn = '$udn') ORDER BY day, first_seen, ip") ms"
echo "connect alone (psql -c 'SELECT 1'): median $(median_ms "$pg_bindir/psql" -h "$pg_sock" -U iotprobe -d iotprobe -qAtc "SELECT 1") ms"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "lookup ip $ip: median $(median_ms "$bin" lookup ip "$ip" --db "$pg_uri") ms over $runs runs"
echo "lookup uuid $udn: median $(median_ms "$bin" lookup uuid "$udn" --db "$pg_uri") ms over $runs runs"
echo "lookup ip --json: median $(median_ms "$bin" lookup ip "$ip" --db "$pg_uri" --json) ms over $runs runs"
echo "process start alone (iotprobe --version): median $(median_ms "$bin" --version) ms"
