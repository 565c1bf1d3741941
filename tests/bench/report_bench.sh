#!/usr/bin/env bash
# The report on a large store: builds (once) a synthetic store of SIGHTINGS sightings over
# DAYS days with report_store_writer (direct SQL, never probing; it also makes the per-day
# summaries that `batch` makes when each run finishes), then times `iotprobe report` over
# the whole period, --format json and --format html, RUNS times each with hyperfine, and
# prints the medians (goal: <= 5 s at 10M sightings over 90 days). COLD=1 also times one
# report with every summary dropped (the report computes all of them first). Nothing here
# opens a network connection.
#   usage: tests/bench/report_bench.sh [BUILD_DIR]  (env: SIGHTINGS, DAYS, RUNS, DB, COLD)
set -euo pipefail
build=${1:-build}
sightings=${SIGHTINGS:-10000000}
days=${DAYS:-90}
runs=${RUNS:-5}
out=${IOTPROBE_BENCH_OUT:-bench-out}
db=${DB:-$out/report-bench-$sightings-$days.db}
bin=$build/prober/iotprobe
writer=$build/tests/bench/report_store_writer
for tool in "$bin" "$writer" hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (build the targets; apt-get install hyperfine)" >&2; exit 2; }
done
mkdir -p "$out"
from=2021-03-01
to=$(date -u -d "$from + $((days - 1)) day" +%F)
if [[ ! -s "$db" ]]; then
  echo "building $db (this takes a while at 10M sightings)"
  "$writer" --db "$db" --days "$days" --sightings "$sightings" --start-day "$from" 2>/dev/null
fi
echo "store: $(du -h "$db" | cut -f1), $(sqlite3 "$db" 'SELECT count(*) FROM sightings') sightings," \
     "$(sqlite3 "$db" 'SELECT count(*) FROM hosts') hosts, $(sqlite3 "$db" 'SELECT count(*) FROM sources') sources"
"$bin" report --from "$from" --to "$to" --db "$db" --format json >/dev/null  # a summary a batch left undone
hyperfine --warmup 1 --runs "$runs" --export-json "$out/report-bench.json" \
  -n json "$bin report --from $from --to $to --db $db --format json --out $out/report-bench-out.json" \
  -n html "$bin report --from $from --to $to --db $db --format html --out $out/report-bench-out.html"
python3 - "$out/report-bench.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']}: median {r['median']:.3f} s wall over {len(r['times'])} runs (mean user {r['user']:.3f} s, "
          f"mean system {r['system']:.3f} s)")
PY
if [[ "${COLD:-0}" == 1 ]]; then
  cp "$db" "$out/report-bench-cold.db"
  sqlite3 "$out/report-bench-cold.db" 'DELETE FROM report_day_stamps'
  /usr/bin/time -f "cold report (every day summarised first): %e s wall, %U s user, %S s system" \
    "$bin" report --from "$from" --to "$to" --db "$out/report-bench-cold.db" --format json >/dev/null
  rm -f "$out/report-bench-cold.db"*
fi
