# e2e (issue 5): SIGTERM mid-run stops starting hosts, ends in-flight ones within 5 s,
# flushes every finished host (each line complete JSON, count = the summary's count) and
# exits 143; SIGINT exits 130; a second signal exits at once, without waiting for the grace.
# Each signal waits for the event it needs (hosts written, the stop announced), not a time.
source "$(dirname "$0")/prober_lib.sh"

N=$(scaled 3000 600)
hosts=(); : >"$WORK/targets.txt"
for ((k = 0; k < N; k++)); do
  ip="127.$((40 + k / 250)).$((k % 250 + 1)).7"
  if ((k % 3 == 0)); then hosts+=(--host "tarpit@$ip"); else hosts+=(--host "micro_httpd@$ip"); fi
  echo "$ip" >>"$WORK/targets.txt"
done
start_mock "${hosts[@]}"

has_lines() { [[ -f "$1" ]] && (( $(wc -l <"$1") >= $2 )); }
announced() { grep -q "again to abort" "$WORK/err2.txt"; }

run_and_signal() {  # SIGNAL EXPECTED_CODE
  rm -f "$WORK/out.jsonl"
  "$IOTPROBE_BIN" scan --input "$WORK/targets.txt" --jsonl "$WORK/out.jsonl" \
    --allow 127.0.0.0/8 --port-map "$PORT_MAP" --connect-rate 2000 --max-in-flight 200 \
    --host-deadline-ms 20000 --transfer-deadline-ms 20000 --ssdp off 2>"$WORK/err.txt" &
  local pid=$!
  # Mid-run: some hosts written, while a third are tarpits that hold for 20 s.
  wait_until 120 has_lines "$WORK/out.jsonl" 20 || fail "no host written within 120 s"
  kill -0 $pid || fail "scan ended before the signal"
  local t0; t0=$(date +%s%3N)
  kill -"$1" $pid
  set +e; wait $pid; local code=$?; set -e
  local took=$(( $(date +%s%3N) - t0 ))
  echo "$1: exit $code after ${took} ms"
  [[ $code -eq $2 ]] || fail "$1: exit code $code, expected $2"
  ((took <= 8000)) || fail "$1: took ${took} ms to stop (limit 5 s + slack for a loaded machine)"
  local lines; lines=$(wc -l <"$WORK/out.jsonl")
  ((lines > 0 && lines < N)) || fail "$1: $lines lines, expected a partial run"
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$WORK/out.jsonl" \
    || fail "$1: a flushed line is not complete JSON"
  local reported; reported=$(sed -n 's/^scan: \([0-9]*\) hosts probed.*/\1/p' "$WORK/err.txt")
  [[ "$reported" == "$lines" ]] || fail "$1: summary says '$reported' hosts, file has $lines lines"
  # Every flushed host, aborted or not, accounts for each of its four ports.
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    h = json.loads(l); ports = {p["port"] for p in h["probes"]}
    assert {80, 81, 52869, 52881} <= ports, (h["ip"], sorted(ports))' "$WORK/out.jsonl" \
    || fail "$1: a flushed host is missing a port"
  # In-flight tarpits were ended by the stop, not by their 20 s deadline.
  grep -q '"detail":"stopped"' "$WORK/out.jsonl" || fail "$1: no host was aborted by the stop"
}
run_and_signal TERM 143
run_and_signal INT 130

# A second signal does not wait for the in-flight tarpits: exit 143 at once.
"$IOTPROBE_BIN" scan --input "$WORK/targets.txt" --jsonl "$WORK/out2.jsonl" \
  --allow 127.0.0.0/8 --port-map "$PORT_MAP" --connect-rate 2000 --max-in-flight 200 \
  --host-deadline-ms 20000 --transfer-deadline-ms 20000 --ssdp off 2>"$WORK/err2.txt" &
pid=$!
wait_until 120 has_lines "$WORK/out2.jsonl" 20 || fail "no host written within 120 s"
kill -0 $pid || fail "scan ended before the signals"
kill -TERM $pid
wait_until 30 announced || fail "the first signal was not handled within 30 s"
t0=$(date +%s%3N)
kill -TERM $pid
set +e; wait $pid; code=$?; set -e
took=$(( $(date +%s%3N) - t0 ))
echo "TERM TERM: exit $code ${took} ms after the second signal"
[[ $code -eq 143 ]] || fail "second TERM: exit code $code, expected 143"
# "At once": well inside the 5 s grace the first signal started.
((took <= 3000)) || fail "second TERM: took ${took} ms to exit (expected at once)"
grep -q "again to abort" "$WORK/err2.txt" || fail "the first signal did not announce the graceful stop"
