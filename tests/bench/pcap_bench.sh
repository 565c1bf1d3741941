#!/usr/bin/env bash
# Times `iotprobe extract` against `tcpdump -r FILE -w /dev/null` on the same generated
# capture in the same run (median of RUNS each, pinned to one core, file in page cache),
# and reports iotprobe's peak RSS. The capture lives in /tmp and is always deleted;
# nothing here opens a network connection.
#   usage: tests/bench/pcap_bench.sh [BUILD_DIR]   (env: PACKETS, SOURCES, RUNS)
set -euo pipefail
build=${1:-build}
packets=${PACKETS:-10000000}
sources=${SOURCES:-1000000}
runs=${RUNS:-5}
iotprobe=$build/prober/iotprobe
generate=$build/tests/bench/pcap_generate_bench
for tool in "$iotprobe" "$generate" /usr/bin/time tcpdump; do
  command -v "$tool" >/dev/null || { echo "missing $tool (build the targets, apt-get install time tcpdump)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/iotprobe-pcap-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
capture=$work/bench.pcap
"$generate" "$capture" "$packets" "$sources"
cat "$capture" >/dev/null  # into the page cache
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

# One timed run: appends "wall user sys max_rss_kb" to $2.
measure() {
  local out=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/one" "${pin[@]}" "$@" >/dev/null 2>"$work/stderr" ||
    { cat "$work/stderr" >&2; exit 1; }
  cat "$work/one" >>"$out"
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

: >"$work/iotprobe" && : >"$work/tcpdump"
for _ in $(seq "$runs"); do  # interleaved, so both see the same machine load
  measure "$work/iotprobe" "$iotprobe" extract --pcap "$capture" --out /dev/null
  measure "$work/tcpdump" tcpdump -r "$capture" -w /dev/null
done

report() {
  local name=$1 file=$2 wall cpu
  wall=$(cut -d' ' -f1 "$file" | median)
  cpu=$(awk '{print $2 + $3}' "$file" | median)
  awk -v n="$name" -v p="$packets" -v w="$wall" -v c="$cpu" 'BEGIN {
    printf "%-9s median wall %6.3f s  %5.2f M packets/s   median cpu %6.3f s  %5.2f M packets/s per cpu-second\n",
           n, w, p / w / 1e6, c, p / c / 1e6 }'
}
echo "capture: $packets packets, $sources distinct sources, $(du -m "$capture" | cut -f1) MB, $runs runs each"
report iotprobe "$work/iotprobe"
report tcpdump "$work/tcpdump"
awk -v a="$(cut -d' ' -f1 "$work/iotprobe" | median)" -v b="$(cut -d' ' -f1 "$work/tcpdump" | median)" \
  'BEGIN { printf "ratio     iotprobe/tcpdump wall time %.2f (<= 1.00 means no slower)\n", a / b }'
echo "peak RSS  iotprobe $(cut -d' ' -f4 "$work/iotprobe" | sort -n | tail -1) KiB (max over runs), tcpdump $(cut -d' ' -f4 "$work/tcpdump" | sort -n | tail -1) KiB"
