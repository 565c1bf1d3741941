#!/usr/bin/env bash
# The soak (issue 14): a SOAK_DEVICES-host mock fleet (default 50,000; about 20% hostile,
# soak.mix), served on loopback, probed SOAK_PASSES times (default 5) by iotprobe_soak in one
# process; see soak_main.cpp for what passes. Run inside scripts/netns-run (ctest does).
# usage: soak_test.sh SOAK_BIN MOCK_BIN   (environment: SOAK_DEVICES, SOAK_PASSES)
set -euo pipefail
soak_bin=$1 mock_bin=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
mock_pid=""
trap '[[ -z $mock_pid ]] || kill "$mock_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
day=2021-05-27
"$mock_bin" fleet --devices "${SOAK_DEVICES:-50000}" --days 1 --seed 41 --epochs 1 \
  --intraday-share 0 --infected-share 1 --mix "$here/soak.mix" --out "$work/fleet" >/dev/null
"$mock_bin" serve --fleet "$work/fleet" --day "$day" --epoch 0 \
  --ports 80=0,81=0,52869=0,52881=0,37215=0 --ssdp-port 0 >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 600); do
  grep -q '^ready' "$work/mock.log" && break
  kill -0 "$mock_pid" || { cat "$work/mock.log"; exit 1; }
  sleep 0.1
done
grep -q '^ready' "$work/mock.log" || { echo "FAIL: the mock did not start"; exit 1; }
port_map=$(sed -n 's/^listening [a-z]* logical=\([0-9]*\) wire=\([0-9]*\)$/\1=\2/p' "$work/mock.log" | paste -sd, -)
hostile=$(python3 -c "
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f'{sum(r[\"family\"] == \"hostile\" for r in rows)} of {len(rows)}')" "$work/fleet/manifest-$day.jsonl")
echo "fleet: $(($(wc -l <"$work/fleet/day-$day.csv") - 1)) targets; hostile hosts: $hostile"
status=0
"$soak_bin" "$work/fleet/day-$day.csv" "$port_map" "$work/soak.db" "${SOAK_PASSES:-5}" || status=$?
if ! kill -0 "$mock_pid" 2>/dev/null; then
  echo "FAIL: the mock died during the soak (the kernel log says whether it was OOM-killed)"
  tail -5 "$work/mock.log"; exit 1
fi
echo "mock: still serving, peak RSS $(awk '/VmHWM/ {print $2, $3}' "/proc/$mock_pid/status")"
exit "$status"
