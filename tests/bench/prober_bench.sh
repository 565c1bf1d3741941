#!/usr/bin/env bash
# Prober benchmarks (issue 5; not a ctest). Run inside the loopback-only namespace:
#   scripts/netns-run bash tests/bench/prober_bench.sh BUILD_DIR [RUNS] [HOSTS]
# 1. throughput: HOSTS targets (default 50,000; ~40% are fleet devices with open ports,
#    the rest are loopback addresses the mock answers with RST), hosts/s, HTTP exchanges/s
#    and CPU s per exchange, beside wrk (Connection: close) against the same mock, same run;
# 2. peak RSS with 10,000 tarpits in flight; 3. peak RSS for a 100k vs a 1M-line input.
# Prints medians of RUNS (default 5). Sends nothing outside 127.0.0.0/8.
set -euo pipefail
BUILD="${1:?usage: prober_bench.sh BUILD_DIR [RUNS] [HOSTS]}"; RUNS="${2:-5}"; HOSTS="${3:-50000}"
BIN="$BUILD/prober/iotprobe"; MOCK="$BUILD/tests/mock/iotprobe-mock"
[[ "${IOTPROBE_IN_NETNS:-0}" != 0 ]] || { echo "run me under scripts/netns-run" >&2; exit 2; }
WORK="$(mktemp -d /tmp/iotprobe-bench.XXXXXX)"; MOCK_PID=""
trap '[[ -n "$MOCK_PID" ]] && kill $MOCK_PID 2>/dev/null; rm -rf "$WORK"' EXIT
PORT_MAP="80=18080,81=18081,1900=11900"

start_mock() {
  [[ -n "$MOCK_PID" ]] && { kill $MOCK_PID; wait $MOCK_PID 2>/dev/null || true; }
  "$MOCK" serve "$@" >"$WORK/mock.out" 2>&1 & MOCK_PID=$!
  for _ in $(seq 300); do grep -q '^ready' "$WORK/mock.out" && return; sleep 0.1; done
  echo "mock not ready" >&2; cat "$WORK/mock.out" >&2; exit 1
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# run_timed OUTPREFIX CMD...: wall s, user+sys s and peak RSS kB of CMD into OUTPREFIX.*
run_timed() {
  local out=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$out.time" "$@" 2>"$out.err" >"$out.out" || true
}

# --- 1. throughput --------------------------------------------------------------------
devices=$((HOSTS * 2 / 5))
"$MOCK" fleet --devices "$devices" --out "$WORK/fleet" >/dev/null
day=$(basename "$WORK"/fleet/manifest-*.jsonl .jsonl); day=${day#manifest-}
python3 - "$WORK/fleet/manifest-$day.jsonl" "$HOSTS" "$WORK/targets.txt" "$WORK/wrk_ip" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ips = sorted({r["ip"] for r in rows if r["epoch"] <= 0 <= r["epoch_last"]})
web = next(r["ip"] for r in rows if r["persona"] == "micro_httpd" and r["epoch"] <= 0 <= r["epoch_last"])
taken, n, k = set(ips), int(sys.argv[2]), 0
while len(ips) < n:                      # addresses the mock does not know: RST on every port
    ip = f"127.{200 + k // 62500}.{(k // 250) % 250 + 1}.{k % 250 + 1}"; k += 1
    if ip not in taken: ips.append(ip)
open(sys.argv[3], "w").write("\n".join(ips[:n]) + "\n")
open(sys.argv[4], "w").write(web)
PY
start_mock --fleet "$WORK/fleet" --day "$day"
wrk_ip=$(cat "$WORK/wrk_ip")
echo "fleet: $(grep -c . "$WORK/targets.txt") targets, $devices devices; wrk target $wrk_ip:18080"
: >"$WORK/wrk.txt"; : >"$WORK/hps.txt"; : >"$WORK/xps.txt"; : >"$WORK/cpu.txt"; : >"$WORK/ratio.txt"
for run in $(seq "$RUNS"); do
  wrk -t2 -c200 -d8s -H "Connection: close" "http://$wrk_ip:18080/" >"$WORK/wrk.out" 2>&1
  wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  run_timed "$WORK/scan" "$BIN" scan --input "$WORK/targets.txt" --jsonl /dev/null \
    --allow 127.0.0.0/8 --port-map "$PORT_MAP" --connect-rate 1000000 --max-in-flight 1000 \
    --host-deadline-ms 5000 --transfer-deadline-ms 5000 --connect-timeout-ms 2000 --ssdp-window-ms 500
  read -r wall user sys _ <"$WORK/scan.time"
  exchanges=$(sed -n 's/.* \([0-9]*\) HTTP exchanges.*/\1/p' "$WORK/scan.err")
  [[ -n "$exchanges" ]] || { exchanges=0; }
  hps=$(awk -v n="$HOSTS" -v w="$wall" 'BEGIN{printf "%.0f", n/w}')
  xps=$(awk -v x="$exchanges" -v w="$wall" 'BEGIN{printf "%.0f", x/w}')
  cpu=$(awk -v u="$user" -v s="$sys" -v x="$exchanges" 'BEGIN{printf "%.1f", (x>0)?(u+s)*1e6/x:0}')
  ratio=$(awk -v a="$xps" -v b="$wrk_rps" 'BEGIN{printf "%.2f", (b>0)?a/b:0}')
  echo "run $run: wrk ${wrk_rps} req/s; iotprobe ${wall}s, ${hps} hosts/s, ${xps} exchanges/s ($exchanges), ${cpu} us CPU/exchange, ratio $ratio"
  echo "$wrk_rps" >>"$WORK/wrk.txt"; echo "$hps" >>"$WORK/hps.txt"; echo "$xps" >>"$WORK/xps.txt"
  echo "$cpu" >>"$WORK/cpu.txt"; echo "$ratio" >>"$WORK/ratio.txt"
done
echo "MEDIAN throughput: wrk $(median <"$WORK/wrk.txt") req/s | iotprobe $(median <"$WORK/hps.txt") hosts/s, $(median <"$WORK/xps.txt") HTTP exchanges/s | ratio $(median <"$WORK/ratio.txt") | $(median <"$WORK/cpu.txt") us CPU per exchange"

# --- 2. peak RSS with 10,000 tarpits in flight ------------------------------------------
printf 'tarpit 1 JP:1\n' >"$WORK/tarpit.mix"
"$MOCK" fleet --devices 10000 --mix "$WORK/tarpit.mix" --epochs 1 --intraday-share 0 --out "$WORK/tarpits" >/dev/null
tday=$(basename "$WORK"/tarpits/manifest-*.jsonl .jsonl); tday=${tday#manifest-}
python3 -c 'import json,sys; print("\n".join(sorted({json.loads(l)["ip"] for l in open(sys.argv[1])})))' \
  "$WORK/tarpits/manifest-$tday.jsonl" >"$WORK/tarpits.txt"
start_mock --fleet "$WORK/tarpits" --day "$tday"
: >"$WORK/rss.txt"
# The peak RSS means little without the connections open at that moment: a loaded machine
# ramps up slowly and may never hold all 10,000, so the scanner's descriptors are sampled.
ulimit -n "$(ulimit -Hn)"  # 10,000 connections and the fds that admission keeps in reserve
peak_fds() {  # peak_fds PID: the most descriptors PID held, sampled every 0.1 s until it ends
  local most=0 n
  while [[ -d /proc/$1 ]]; do
    n=$(find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    (( n > most )) && most=$n
    sleep 0.1
  done
  echo "$most"
}
# child_of_child PID A B: the pid of PID's child A's child B (run_timed's subshell → time →
# iotprobe), polled until it exists (at most 5 s; 0 if it never does).
child_of_child() {
  local a="" b=""
  for _ in $(seq 100); do
    a=${a:-$(pgrep -P "$1" -x "$2" || true)}
    [[ -n $a ]] && b=$(pgrep -P "$a" -x "$3" || true)
    [[ -n $b ]] && { echo "$b"; return; }
    sleep 0.05
  done
  echo 0
}
: >"$WORK/fds.txt"
for run in $(seq "$RUNS"); do
  run_timed "$WORK/tp" "$BIN" scan --input "$WORK/tarpits.txt" --jsonl /dev/null --quiet \
    --allow 127.0.0.0/8 --port-map "$PORT_MAP" --ports 80 --ssdp off --connect-rate 1000000 \
    --max-in-flight 10000 --host-deadline-ms 8000 --transfer-deadline-ms 8000 &
  timed_pid=$!
  fds=$(peak_fds "$(child_of_child "$timed_pid" time iotprobe)"); wait "$timed_pid" || true
  read -r wall _ _ rss <"$WORK/tp.time"
  echo "run $run: $(grep -c . "$WORK/tarpits.txt") tarpits, ${wall}s, peak RSS ${rss} kB, at most $fds descriptors open"
  echo "$rss" >>"$WORK/rss.txt"; echo "$fds" >>"$WORK/fds.txt"
done
echo "MEDIAN peak RSS with 10,000 tarpits: $(median <"$WORK/rss.txt") kB, at most $(median <"$WORK/fds.txt") descriptors open (about one per connection)"

# --- 3. RSS against input size ----------------------------------------------------------
# Every row is probed (port 80 only, no SSDP; nothing listens at these addresses, so each
# connection is refused at once): the engine's memory must not follow the input size.
kill $MOCK_PID 2>/dev/null || true; wait $MOCK_PID 2>/dev/null || true; MOCK_PID=""
for lines in 100000 1000000; do
  python3 -c 'import sys; n=int(sys.argv[1]); print("\n".join(f"127.{1+(i>>16&255)}.{i>>8&255}.{i&255}" for i in range(n)))' \
    "$lines" >"$WORK/in-$lines.txt"
  run_timed "$WORK/big" "$BIN" scan --input "$WORK/in-$lines.txt" --jsonl /dev/null --quiet \
    --allow 127.0.0.0/8 --ports 80 --ssdp off --connect-rate 1000000 --max-in-flight 1000
  read -r wall _ _ rss <"$WORK/big.time"
  echo "input $lines lines, every host probed: ${wall}s, peak RSS ${rss} kB"
done
