# shellcheck shell=bash
# Sourced by run.sh: the mock's life cycle, the network conditions (nft drop set inside the
# namespace), iotprobe's cut-down config, and one launcher per tool, each timed by GNU time
# and capped by `timeout`. Every address used is in 127.0.0.0/8; nothing here dials out.

say() { printf '==> %s\n' "$*" >&2; }

start_mock() {  # start_mock FLEET DAY [serve args...]
  local fleet=$1 day=$2; shift 2
  stop_mock
  "$MOCK" serve --fleet "$fleet" --day "$day" --ports 80=80,81=81,52869=52869 --ssdp-port -1 \
    "$@" >"$WORK/mock.out" 2>&1 &
  MOCK_PID=$!
  for _ in $(seq 300); do grep -q '^ready' "$WORK/mock.out" && return; sleep 0.1; done
  echo "peers: mock not ready" >&2; cat "$WORK/mock.out" >&2; exit 1
}

stop_mock() {
  [[ -n "${MOCK_PID:-}" ]] || return 0
  kill "$MOCK_PID" 2>/dev/null || true
  wait "$MOCK_PID" 2>/dev/null || true
  MOCK_PID=""
}

# A case's hosts that refuse (a reset to the SYN) and, on the mix, drop (SYNs vanish, connects
# time out): prepare.py's hosts.nft, loaded in this namespace only.
host_rules_on() { nft -f "$1"; }
host_rules_off() { nft delete table inet peers 2>/dev/null || true; }

# iotprobe cut to the benchmark's work: GET / on 80, 81, 52869 and /picsdesc.xml on 52869;
# no SSDP, no other description path, no redirect; no connect-rate limit (peers have none).
write_iotprobe_conf() {
  local conf=$1
  cat >"$conf" <<EOF
# Written by tests/bench/peers/lib.sh for one benchmark run.
profile = bench
ports.bench = 80, 81, 52869
paths.80 =
paths.81 =
paths.52869 = /picsdesc.xml
paths.fallback =
ssdp = off
follow_location = off
max_redirects = 0
user_agent = iotprobe/0.1 (peer benchmark; loopback only)
blocklist = $REPO/config/blocklist.conf
fingerprints = $REPO/config/fingerprints
$(grep '^known_default_udn' "$REPO/config/iotprobe.conf")
max_in_flight = $IN_FLIGHT
connect_rate = 1000000
connect_timeout_ms = $((CONNECT_S * 1000))
transfer_deadline_ms = $((TRANSFER_S * 1000))
host_deadline_ms = $((HOST_S * 1000))
EOF
}

# timed CAP PREFIX CMD...: wall, user, sys, peak RSS into PREFIX.time; exit code (124 =
# capped by timeout) into PREFIX.rc. GNU time's rusage covers the tool under `timeout`.
timed() {
  local cap=$1 prefix=$2; shift 2
  local rc=0
  /usr/bin/time -f "%e %U %S %M" -o "$prefix.time" \
    timeout -s INT -k 5 "$cap" "$@" >"$prefix.out" 2>"$prefix.err" || rc=$?
  echo "$rc" >"$prefix.rc"
}

# PEERS_IOTPROBE_FLAGS adds flags, e.g. "--threads 1" for the one-loop engine side by side.
run_iotprobe() {  # run_iotprobe CASE PREFIX
  # shellcheck disable=SC2086  # the extra flags are words
  timed "$CAP_IOTPROBE" "$2" "$BIN" scan --config "$WORK/iotprobe.conf" --input "$1/targets.txt" \
    --jsonl "$2.jsonl" --allow 127.0.0.0/8 ${PEERS_IOTPROBE_FLAGS:-}  # not --quiet: it would hide the summary line
}

# --write-out goes to stderr, unbuffered, so a capped run still tells which URLs finished
# (--no-progress-meter: in parallel mode -s alone still draws a meter there).
run_curl() {
  rm -rf "$1/curl-out"; mkdir -p "$1/curl-out"
  timed "$CAP_CURL" "$2" curl --parallel --parallel-max "$IN_FLIGHT" -K "$1/curl.cfg" -s --no-progress-meter -i \
    --connect-timeout "$CONNECT_S" --max-time "$TRANSFER_S" \
    -A "curl-peer (iotprobe peer benchmark; loopback only)" -w '%{stderr}%{url}\t%{http_code}\n'
}

run_aiohttp() {
  timed "$CAP_AIOHTTP" "$2" /usr/bin/python3 "$PEERS/aiohttp_probe.py" "$1/targets.txt" "$2.jsonl" \
    --concurrency "$IN_FLIGHT" --connect-timeout "$CONNECT_S" --timeout "$TRANSFER_S"
}

# The issue's nmap line; '+' forces both scripts onto 81 and 52869, which nmap's service
# table does not call HTTP (without it nmap would fetch nothing there). nmap reads the first
# NMAP_HOSTS targets only (its rate is its finished hosts over its wall time).
run_nmap() {
  timed "$CAP_NMAP" "$2" nmap -n -Pn -sT -p80,81,52869 --script +http-title,+http-server-header \
    -T4 --max-retries 1 -iL "$1/targets-nmap.txt" -oX "$2.xml"
}

run_wrk() {
  timed "$((WRK_S + 30))" "$2" wrk -t2 -c"$IN_FLIGHT" -d"${WRK_S}s" -H 'Connection: close' \
    "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wrk_url"])' "$1/meta.json")"
}
