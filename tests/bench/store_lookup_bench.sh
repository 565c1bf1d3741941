#!/usr/bin/env bash
# Lookup latency on a large store: builds a database with 1,000,000 sightings (and as many
# hosts and verdicts) over 250,000 devices and 30 days, then times `iotprobe lookup ip`,
# `lookup uuid`, `lookup model` and a one-day `churn` end to end (process start included)
# with hyperfine. No network at all. usage: store_lookup_bench.sh BUILD_DIR [SIGHTINGS]
set -euo pipefail
build_dir=${1:-build}
sightings=${2:-1000000}
bin="$build_dir/prober/iotprobe"
out=${IOTPROBE_BENCH_OUT:-bench-out}
db="$out/lookup-bench.db"
mkdir -p "$out"
rm -f "$db" "$db-wal" "$db-shm"
: >"$db"
"$bin" churn --from 2021-01-01 --db "$db" >/dev/null  # opening a store writes its schema

began=$(date +%s)
python3 - "$db" "$sightings" <<'PY'
import random, sqlite3, sys
db, total = sqlite3.connect(sys.argv[1]), int(sys.argv[2])
rng = random.Random(1)
devices = max(total // 4, 1)
days = [f"2021-05-{d:02}" for d in range(1, 31)]
db.execute("PRAGMA synchronous=OFF")
db.executemany("INSERT INTO runs(id, input, day, config_hash, started_at, state) "
               "VALUES(?, ?, ?, 'bench', '2021-05-01T00:00:00Z', 'finished')",
               [(i + 1, f"day-{d}.csv", d) for i, d in enumerate(days)])
models = ["LAN-W300N/DR", "LAN-WH300N/DR", "RTL8196C", "HG532e", "IGD", "DIR-600"]
db.executemany("INSERT INTO devices(id, udn, shared, family, model_name, manufacturer, mac, "
               "first_day, last_day) VALUES(?, ?, 0, 'logitec-router', ?, 'Logitec', ?, ?, ?)",
               ((i + 1, f"uuid:63041253-1019-2006-1228-{i:012x}", models[i % len(models)],
                 ":".join(f"{i:012x}"[j:j + 2] for j in range(0, 12, 2)), days[0], days[-1])
                for i in range(devices)))
def rows():
    for n in range(total):
        day_index = rng.randrange(len(days))
        device = n % devices + 1
        ip = f"127.{rng.randrange(1, 255)}.{rng.randrange(256)}.{rng.randrange(256)}"
        yield n + 1, day_index + 1, ip, days[day_index], device
batch = []
for r in rows():
    batch.append(r)
    if len(batch) == 100000:
        db.executemany("INSERT OR IGNORE INTO hosts(id, run_id, ip, day, country, open, family, device_id) "
                       "VALUES(?, ?, ?, ?, 'JP', 1, 'logitec-router', ?)", batch)
        db.executemany("INSERT OR IGNORE INTO sightings(device_id, ip, day, first_seen, last_seen, run_id) "
                       "VALUES(?, ?, ?, '2021-05-01T00:00:00Z', '2021-05-01T00:00:01Z', ?)",
                       [(r[4], r[2], r[3], r[1]) for r in batch])
        db.executemany("INSERT OR IGNORE INTO verdicts(host_id, family, vendor, certainty, evidence, conflicts) "
                       "VALUES(?, 'logitec-router', 'Logitec', 0.9, '[]', '[]')", [(r[0],) for r in batch])
        batch = []
if batch:
    db.executemany("INSERT OR IGNORE INTO hosts(id, run_id, ip, day, country, open, family, device_id) "
                   "VALUES(?, ?, ?, ?, 'JP', 1, 'logitec-router', ?)", batch)
    db.executemany("INSERT OR IGNORE INTO sightings(device_id, ip, day, first_seen, last_seen, run_id) "
                   "VALUES(?, ?, ?, '2021-05-01T00:00:00Z', '2021-05-01T00:00:01Z', ?)",
                   [(r[4], r[2], r[3], r[1]) for r in batch])
    db.executemany("INSERT OR IGNORE INTO verdicts(host_id, family, vendor, certainty, evidence, conflicts) "
                   "VALUES(?, 'logitec-router', 'Logitec', 0.9, '[]', '[]')", [(r[0],) for r in batch])
db.commit()
db.execute("ANALYZE")
print("sightings", db.execute("SELECT count(*) FROM sightings").fetchone()[0],
      "hosts", db.execute("SELECT count(*) FROM hosts").fetchone()[0],
      "devices", db.execute("SELECT count(*) FROM devices").fetchone()[0])
PY
echo "built $db in $(($(date +%s) - began)) s ($(du -h "$db" | cut -f1))"

ip=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT ip FROM hosts WHERE device_id = 4242 LIMIT 1').fetchone()[0])" "$db")
udn="uuid:63041253-1019-2006-1228-$(printf %012x 4241)"
hyperfine --warmup 3 --runs 20 --export-markdown "$out/lookup-bench.md" \
  "$bin lookup ip $ip --db $db" \
  "$bin lookup uuid $udn --db $db" \
  "$bin lookup model 'LAN-WH300N' --db $db" \
  "$bin lookup model 'NO-SUCH-MODEL' --db $db" \
  "$bin lookup ip $ip --db $db --json" \
  "$bin churn --from 2021-05-03 --db $db --no-country"
cat "$out/lookup-bench.md"
