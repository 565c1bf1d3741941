# Shared helpers for the store's end-to-end scripts (sourced, never run alone): start and
# stop the mock fleet for one day/epoch, and run `iotprobe batch` against it. Loopback
# only: callers run inside scripts/netns-run; every address here is 127.x.y.z.

: "${IOTPROBE_BIN:?IOTPROBE_BIN must name the iotprobe binary}"
: "${IOTPROBE_MOCK_BIN:?IOTPROBE_MOCK_BIN must name the iotprobe-mock binary}"

# Every wire port is chosen by the kernel (0) and read back from the mock, because ctest may
# run several e2e tests at once inside ONE shared namespace (build.sh wraps all of ctest).
store_port_map=""
mock_pid=""

# Writes the infected rows of DAY's manifest that are online in EPOCH as darknet CSV.
# usage: epoch_input FLEET_DIR DAY EPOCH OUT_CSV
epoch_input() {
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys
fleet, day, epoch, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(f"{fleet}/manifest-{day}.jsonl") as f, open(out, "w") as o:
    o.write("day,ip,country,tag\n")
    for line in f:
        r = json.loads(line)
        if r["infected"] and r["epoch"] <= epoch <= r["epoch_last"]:
            o.write(f"{day},{r['ip']},{r['country']},mirai\n")
PY
}

# usage: start_mock FLEET_DIR DAY EPOCH   (waits for "ready", then sets store_port_map)
start_mock() {
  local log
  log=$(mktemp)
  "$IOTPROBE_MOCK_BIN" serve --fleet "$1" --day "$2" --epoch "$3" \
    --ports 80=0,81=0,52869=0,52881=0,37215=0 --ssdp-port 0 >"$log" 2>&1 &
  mock_pid=$!
  wait_ready "$log"
}

# Waits for the mock's "ready" in LOG, then reads its wire ports into store_port_map.
wait_ready() {
  local log=$1
  for _ in $(seq 1 1200); do  # up to 120 s (a sanitizer build starts slowly)
    if grep -q '^ready' "$log"; then
      store_port_map=$(sed -n 's/^listening [a-z]* logical=\([0-9]*\) wire=\([0-9]*\)$/\1=\2/p' "$log" |
        paste -sd, -)
      rm -f "$log"
      return 0
    fi
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "mock did not start:" >&2
  cat "$log" >&2
  return 1
}

# usage: start_mock_hosts PERSONA@IP...   (single hosts instead of a fleet; sets store_port_map)
start_mock_hosts() {
  local log args=()
  log=$(mktemp)
  for h in "$@"; do args+=(--host "$h"); done
  "$IOTPROBE_MOCK_BIN" serve "${args[@]}" --ports 80=0,81=0,52869=0,52881=0,37215=0 \
    --ssdp-port 0 >"$log" 2>&1 &
  mock_pid=$!
  wait_ready "$log"
}

# scaled FULL SMALL: FULL, or SMALL when IOTPROBE_E2E_SCALE=small (the sanitizer pass).
scaled() { if [[ "${IOTPROBE_E2E_SCALE:-}" == small ]]; then echo "$2"; else echo "$1"; fi; }

stop_mock() {
  if [[ -n "$mock_pid" ]]; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
    mock_pid=""
  fi
}

# usage: store_batch INPUT DAY DB [extra iotprobe flags…]
store_batch() {
  local input=$1 day=$2 db=$3
  shift 3
  "$IOTPROBE_BIN" batch --input "$input" --day "$day" --db "$db" --allow 127.0.0.0/8 \
    --port-map "$store_port_map" --host-deadline-ms 20000 --connect-timeout-ms 5000 \
    --transfer-deadline-ms 6000 --ssdp-window-ms 1000 --quiet "$@"
}

# The same, replacing the current process: `store_batch_exec … &` makes $! the pid of
# iotprobe itself, so that a signal sent to $! reaches the batch and not a subshell.
store_batch_exec() {
  local input=$1 day=$2 db=$3
  shift 3
  exec "$IOTPROBE_BIN" batch --input "$input" --day "$day" --db "$db" --allow 127.0.0.0/8 \
    --port-map "$store_port_map" --host-deadline-ms 20000 --connect-timeout-ms 5000 \
    --transfer-deadline-ms 6000 --ssdp-window-ms 1000 --quiet "$@"
}
