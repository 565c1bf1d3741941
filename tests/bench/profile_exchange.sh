#!/usr/bin/env bash
# Instructions per HTTP exchange of `iotprobe scan` (issue 15), counted by callgrind, which
# counts the same on a busy machine as on an idle one: the peer benchmark's loopback case
# (its fleet, config and 40/60 target mix) scanned with N and with 2N targets on one thread,
# and the difference in instructions divided by the difference in exchanges, so the start-up
# (config, fingerprint databases) cancels. Root inside scripts/netns-run (the fleet binds 80
# and 81 in the namespace); loopback only.
#   profile_exchange.sh BUILD_DIR [N=300] [OUT_DIR]   (OUT_DIR keeps the callgrind files)
set -euo pipefail
BUILD=$(realpath "${1:?usage: profile_exchange.sh BUILD_DIR [N] [OUT_DIR]}")
N=${2:-300}; KEEP=${3:+$(realpath -m "$3")}
PEERS=$(cd "$(dirname "$0")/peers" && pwd); REPO=$(cd "$PEERS/../../.." && pwd)
BIN="$BUILD/prober/iotprobe"; MOCK="$BUILD/tests/mock/iotprobe-mock"; PY=/usr/bin/python3
# Fewer in flight than the benchmark's 1,000: under valgrind the loop runs ~50x slower, and
# the connect timeout must not fire on a loaded loop.
IN_FLIGHT=100; CONNECT_S=5; TRANSFER_S=10; HOST_S=30
# shellcheck source=tests/bench/peers/lib.sh
source "$PEERS/lib.sh"
[[ "${IOTPROBE_IN_NETNS:-0}" == 1 ]] || { echo "profile_exchange.sh: run me under scripts/netns-run" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "profile_exchange.sh: skipped: needs root (ports 80/81)"; exit 0; }
command -v valgrind >/dev/null || { echo "profile_exchange.sh: valgrind missing" >&2; exit 2; }

WORK=$(mktemp -d /tmp/iotprobe-profile.XXXXXX); MOCK_PID=""
trap 'stop_mock; rm -rf "$WORK"' EXIT
ulimit -n "$(ulimit -Hn)"
write_iotprobe_conf "$WORK/iotprobe.conf"
"$MOCK" fleet --devices $((N * 2 * 44 / 100)) --days 1 --epochs 1 --intraday-share 0 \
  --churn 0 --mix "$PEERS/peers.mix" --out "$WORK/fleet" >/dev/null
manifest=$(ls "$WORK"/fleet/manifest-*.jsonl); day=$(basename "$manifest" .jsonl); day=${day#manifest-}
start_mock "$WORK/fleet" "$day"

# scan_cost N -> "instructions exchanges" of one scan of N targets
scan_cost() {
  local n=$1 case="$WORK/case-$1"
  $PY "$PEERS/prepare.py" "$manifest" "$n" loopback "$case" --connect-timeout "$CONNECT_S" \
    --in-flight "$IN_FLIGHT" >/dev/null
  valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind-$n.out" \
    "$BIN" scan --config "$WORK/iotprobe.conf" --input "$case/targets.txt" --jsonl "$WORK/scan-$n.jsonl" \
    --allow 127.0.0.0/8 --max-in-flight "$IN_FLIGHT" --threads 1 2>"$WORK/scan-$n.err"
  local ir exchanges
  ir=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$WORK/callgrind-$n.out")
  exchanges=$(sed -n 's/.* \([0-9]*\) HTTP exchanges.*/\1/p' "$WORK/scan-$n.err")
  [[ -n "$ir" && -n "$exchanges" ]] || { cat "$WORK/scan-$n.err" >&2; exit 1; }
  echo "$ir $exchanges"
}
read -r ir1 ex1 < <(scan_cost "$N")
read -r ir2 ex2 < <(scan_cost $((N * 2)))
echo "targets  instructions  HTTP exchanges"
echo "$N  $ir1  $ex1"
echo "$((N * 2))  $ir2  $ex2"
echo "instructions per exchange (marginal): $(((ir2 - ir1) / (ex2 - ex1)))"
if [[ -n "$KEEP" ]]; then
  mkdir -p "$KEEP"
  cp "$WORK/callgrind-$((N * 2)).out" "$KEEP/"
  callgrind_annotate --inclusive=yes "$WORK/callgrind-$((N * 2)).out" >"$KEEP/inclusive.txt" 2>/dev/null || true
  callgrind_annotate "$WORK/callgrind-$((N * 2)).out" >"$KEEP/self.txt" 2>/dev/null || true
  echo "callgrind files in $KEEP"
fi
