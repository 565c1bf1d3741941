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

# usage: serve_fleet DIR DAY DEVICES SEED -> a benign fleet in DIR/fleet, its day-DAY input
# (epoch 0) in DIR/input.csv and the mock serving it; sets `targets` (the input's rows).
serve_fleet() {
  "$IOTPROBE_MOCK_BIN" fleet --devices "$3" --days 1 --seed "$4" --epochs 1 --intraday-share 0 \
    --mix "$IOTPROBE_SOURCE_DIR/tests/mock/mixes/benign.mix" --out "$1/fleet" >/dev/null
  epoch_input "$1/fleet" "$2" 0 "$1/input.csv"
  targets=$(($(wc -l <"$1/input.csv") - 1))
  start_mock "$1/fleet" "$2" 0
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

# The deadlines store_batch passes; a test that needs others sets this array instead.
store_deadlines=(--host-deadline-ms 20000 --connect-timeout-ms 5000 --transfer-deadline-ms 6000
                 --ssdp-window-ms 1000)

# usage: store_batch INPUT DAY DB [extra iotprobe flags…]
store_batch() {
  local input=$1 day=$2 db=$3
  shift 3
  "$IOTPROBE_BIN" batch --input "$input" --day "$day" --db "$db" --allow 127.0.0.0/8 \
    --port-map "$store_port_map" "${store_deadlines[@]}" --quiet "$@"
}

# The same, replacing the current process: `store_batch_exec … &` makes $! the pid of
# iotprobe itself, so that a signal sent to $! reaches the batch and not a subshell.
store_batch_exec() {
  local input=$1 day=$2 db=$3
  shift 3
  exec "$IOTPROBE_BIN" batch --input "$input" --day "$day" --db "$db" --allow 127.0.0.0/8 \
    --port-map "$store_port_map" "${store_deadlines[@]}" --quiet "$@"
}

# usage: count_rows DB TABLE -> its row count (0 while the file is not a store yet)
count_rows() {
  python3 -c "
import sqlite3, sys
try:
    print(sqlite3.connect(sys.argv[1]).execute(f'SELECT count(*) FROM {sys.argv[2]}').fetchone()[0])
except sqlite3.Error:
    print(0)" "$1" "$2"
}

# usage: count_hosts DB -> the number of committed hosts
count_hosts() { count_rows "$1" hosts; }

# usage: alive PID -> true while PID is a live (not zombie) iotprobe
alive() { [[ $(cat "/proc/$1/comm" 2>/dev/null) == iotprobe && $(awk '{print $3}' "/proc/$1/stat") != Z ]]; }

# usage: wait_rows DB TABLE PID -> waits (up to 120 s) until TABLE in DB has a row while the
# batch PID runs. `runs`: the batch is probing and writes nothing until its first host
# completes; `hosts`: its first commit.
wait_rows() {
  local deadline=$((SECONDS + 120))
  while (($(count_rows "$1" "$2") == 0)); do
    alive "$3" || { echo "FAIL: the batch ended before a row of $2 was committed"; return 1; }
    ((SECONDS < deadline)) || { echo "FAIL: no row of $2 within 120 s"; return 1; }
    sleep 0.02
  done
}

# usage: hold_write_lock DB READY_FILE RELEASE_FILE &  -> another writer takes the database's
# write lock (BEGIN IMMEDIATE), touches READY_FILE and holds the lock until RELEASE_FILE
# exists (at most 120 s), then commits. It retries every millisecond: a batch holds the lock
# for up to a second at a time and leaves gaps of milliseconds that SQLite's backoff misses.
hold_write_lock() {
  exec python3 -c "
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
deadline = time.monotonic() + 60
while True:
    try:
        c.execute('BEGIN IMMEDIATE')
        break
    except sqlite3.OperationalError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.001)
open(sys.argv[2], 'w').close()
deadline = time.monotonic() + 120
while not os.path.exists(sys.argv[3]) and time.monotonic() < deadline:
    time.sleep(0.02)
c.execute('COMMIT')" "$1" "$2" "$3"
}

# usage: wait_for_file FILE [SECONDS]
wait_for_file() {
  local deadline=$((SECONDS + ${2:-30}))
  until [[ -e $1 ]]; do
    ((SECONDS < deadline)) || { echo "FAIL: $1 did not appear"; return 1; }
    sleep 0.05
  done
}

# usage: wait_for_text FILE TEXT PID [SECONDS] -> waits until FILE contains TEXT while PID runs
wait_for_text() {
  local deadline=$((SECONDS + ${4:-60}))
  until grep -q "$2" "$1" 2>/dev/null; do
    alive "$3" || { echo "FAIL: the batch ended before printing '$2'"; return 1; }
    ((SECONDS < deadline)) || { echo "FAIL: '$2' not printed within ${4:-60} s"; return 1; }
    sleep 0.05
  done
}
