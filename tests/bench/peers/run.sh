#!/usr/bin/env bash
# The peer benchmark (issue 15): iotprobe, curl --parallel, an aiohttp script, nmap and wrk
# against one mock fleet on the real ports 80, 81 and 52869, under three network conditions;
# tools interleaved round by round; writes OUT/peers.md, peers.csv and rounds.jsonl.
# Root inside scripts/netns-run only (binds port 80, loads nft rules); loopback only.
#   run.sh BUILD_DIR OUT_DIR [--plan "loopback:2000 delay100:10000 mix:2000"] [--rounds 3]
#          [--tools "iotprobe curl aiohttp nmap wrk"]
set -euo pipefail
BUILD=$(realpath "${1:?usage: run.sh BUILD_DIR OUT_DIR [--plan P] [--rounds R] [--tools T]}")
OUT=$(realpath -m "${2:?usage: run.sh BUILD_DIR OUT_DIR}"); shift 2
# The default plan fits 15 minutes, build included, on an otherwise idle 2-core machine.
PLAN="loopback:2000 delay100:10000 mix:2000"; ROUNDS=3; TOOLS="iotprobe curl aiohttp nmap wrk"
while [[ $# -gt 0 ]]; do
  case $1 in
    --plan) PLAN=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
PEERS=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$PEERS/../../.." && pwd)
BIN="$BUILD/prober/iotprobe"; MOCK="$BUILD/tests/mock/iotprobe-mock"; PY=/usr/bin/python3
# The limits every tool gets (seconds; in-flight = curl's --parallel-max, the semaphore, ...).
IN_FLIGHT=1000; CONNECT_S=2; TRANSFER_S=5; HOST_S=15; WRK_S=5
# Each tool's slot per round: a run still going at its cap is stopped and reported "capped".
# curl's --parallel costs more per URL the longer its list (user CPU ~N^1.9: 2,000 hosts in
# 10 s, 10,000 in 120 s here), so at 10,000 hosts it usually ends capped.
CAP_IOTPROBE=${PEERS_CAP_IOTPROBE:-60}; CAP_CURL=${PEERS_CAP_CURL:-30}
CAP_AIOHTTP=${PEERS_CAP_AIOHTTP:-60}; CAP_NMAP=${PEERS_CAP_NMAP:-60}
NMAP_HOSTS=${PEERS_NMAP_HOSTS:-50}  # nmap scans the first NMAP_HOSTS targets of each list
MIX_DELAY=30-300  # the mix's per-host reply delay, ms (see README: this kernel has no netem)
# How refusing hosts refuse: nft (a reset to the SYN, as a closed port does; the default) or
# mock (the mock accepts, then resets: the harness before 2026-12-05).
REFUSE_BY=${PEERS_REFUSE_BY:-nft}
[[ $REFUSE_BY == nft || $REFUSE_BY == mock ]] || { echo "run.sh: PEERS_REFUSE_BY is nft or mock" >&2; exit 2; }
# shellcheck source=tests/bench/peers/lib.sh
source "$PEERS/lib.sh"

if [[ "${IOTPROBE_IN_NETNS:-0}" == fallback ]]; then
  echo "run.sh: skipped: no private network namespace here; never run on the host's network"; exit 0
fi
[[ "${IOTPROBE_IN_NETNS:-0}" == 1 ]] || { echo "run.sh: run me under scripts/netns-run" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "run.sh: needs root (ports 80/81, nft)" >&2; exit 2; }
for t in $TOOLS; do
  case $t in
    iotprobe) need=("$BIN" "$MOCK") ;; aiohttp) need=(/usr/bin/python3) ;; *) need=("$t") ;;
  esac
  for c in "${need[@]}"; do command -v "$c" >/dev/null || { echo "run.sh: $c missing (IOTPROBE_BENCH_DEPS=1 scripts/install-deps.sh)" >&2; exit 2; }; done
done
$PY -c 'import aiohttp' || { echo "run.sh: python3-aiohttp missing" >&2; exit 2; }
command -v nft >/dev/null || { echo "run.sh: nft missing" >&2; exit 2; }

WORK=$(mktemp -d /tmp/iotprobe-peers.XXXXXX); MOCK_PID=""
trap 'stop_mock; host_rules_off; rm -rf "$WORK"' EXIT
mkdir -p "$OUT"; rm -f "$OUT"/meta-*.json "$OUT"/peers.md "$OUT"/peers.csv; : >"$OUT/rounds.jsonl"
ulimit -n "$(ulimit -Hn)"  # 1,000 sockets in flight per tool, and the mock's
sysctl -qw net.ipv4.ip_local_port_range="1024 65000"  # this namespace's own, not the host's
write_iotprobe_conf "$WORK/iotprobe.conf"
started=$(date +%s); load_start=$(cut -d' ' -f1-3 /proc/loadavg)

max_n=0
for item in $PLAN; do sizes=${item#*:}; for n in ${sizes//,/ }; do (( n > max_n )) && max_n=$n; done; done
say "fleet: 40% of the largest N (some devices are offline on a fleet's day: 10% spare)"
"$MOCK" fleet --devices $((max_n * 44 / 100)) --days 1 --epochs 1 --intraday-share 0 \
  --churn 0 --mix "$PEERS/peers.mix" --out "$WORK/fleet" >/dev/null
manifest=$(ls "$WORK"/fleet/manifest-*.jsonl); day=$(basename "$manifest" .jsonl); day=${day#manifest-}

run_case() {  # run_case CONDITION N
  local cond=$1 n=$2 case="$WORK/$1-$2" delay=0-0
  case $cond in delay100) delay=100-100 ;; mix) delay=$MIX_DELAY ;; esac
  $PY "$PEERS/prepare.py" "$manifest" "$n" "$cond" "$case" --connect-timeout "$CONNECT_S" \
    --in-flight "$IN_FLIGHT" --delay "$delay" --nmap-hosts "$NMAP_HOSTS" --refuse-by "$REFUSE_BY" >/dev/null
  cp "$case/meta.json" "$OUT/meta-$cond-$n.json"
  start_mock "$WORK/fleet" "$day" --reply-delay-ms "$delay"
  host_rules_on "$case/hosts.nft"
  for round in $(seq "$ROUNDS"); do
    for tool in $TOOLS; do
      [[ $tool == wrk && $cond == mix ]] && continue  # one host says nothing about drops
      local prefix="$WORK/run-$cond-$n-$round-$tool"
      "run_$tool" "$case" "$prefix"
      $PY "$PEERS/score.py" "$tool" "$prefix" "$case" --round "$round" >>"$OUT/rounds.jsonl"
      rm -rf "$prefix".* "$case/curl-out"
    done
  done
  host_rules_off
  stop_mock
}

for item in $PLAN; do
  cond=${item%%:*}; sizes=${item#*:}
  for n in ${sizes//,/ }; do say "$cond, N=$n, $ROUNDS rounds: $TOOLS"; run_case "$cond" "$n"; done
done

$PY "$PEERS/report.py" "$OUT" --cores "$(nproc)" --rounds "$ROUNDS" --in-flight "$IN_FLIGHT" \
  --connect-timeout "$CONNECT_S" --transfer-timeout "$TRANSFER_S" --mix-delay "$MIX_DELAY" \
  --load-start "$load_start" --caps "iotprobe=$CAP_IOTPROBE curl=$CAP_CURL aiohttp=$CAP_AIOHTTP nmap=$CAP_NMAP wrk=${WRK_S}s-run"
say "peer benchmark: $(( $(date +%s) - started )) s; wrote $OUT/peers.md and $OUT/peers.csv"
