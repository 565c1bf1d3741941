#!/usr/bin/env bash
# Resource bounds (issue 14): a descriptor limit (RLIMIT_NOFILE, soft = hard = 128) far
# below what --max-in-flight 1000 needs. iotprobe must lower its in-flight limit and say so
# (naming the limit and `ulimit -n`), never run into EMFILE, and never record a reachable
# host as closed: every micro_httpd host answers on 80, every tarpit times out there, and
# no probe ends in 'error'. With a raisable soft limit (hard 4096) it raises it silently.
source "$(dirname "$0")/prober_lib.sh"

N=240
hosts=(); : >"$WORK/targets.txt"
for ((k = 0; k < N; k++)); do
  ip="127.60.$((k / 200)).$((k % 200 + 1))"
  if ((k % 6 == 0)); then hosts+=(--host "tarpit@$ip"); else hosts+=(--host "micro_httpd@$ip"); fi
  echo "$ip" >>"$WORK/targets.txt"
done
start_mock "${hosts[@]}"

scan() {  # PRLIMIT_ARGS OUT
  prlimit "$1" "$IOTPROBE_BIN" scan --input "$WORK/targets.txt" --jsonl "$2" --quiet \
    --allow 127.0.0.0/8 --port-map "$PORT_MAP" --max-in-flight 1000 --connect-rate 5000 \
    --host-deadline-ms 6000 --connect-timeout-ms 1500 --transfer-deadline-ms 1500 \
    --ssdp-window-ms 300
}

scan --nofile=128:128 "$WORK/low.jsonl" 2>"$WORK/low.err" || fail "scan failed: $(cat "$WORK/low.err")"
echo "notice: $(head -c 300 "$WORK/low.err")"
grep -q "RLIMIT_NOFILE) is 128" "$WORK/low.err" || fail "no notice naming the descriptor limit"
grep -q "ulimit -n" "$WORK/low.err" || fail "the notice does not say how to raise the limit"
grep -q "lowered max_in_flight to" "$WORK/low.err" || fail "the notice does not give the new limit"

check() {  # OUT
  python3 - "$1" "$WORK/targets.txt" <<'PY'
import collections, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
targets = [l.strip() for l in open(sys.argv[2]) if l.strip()]
assert sorted(r["ip"] for r in rows) == sorted(targets), "a target is missing or repeated"
port80 = collections.Counter()
errors = []
for k, r in enumerate(sorted(rows, key=lambda r: targets.index(r["ip"]))):
    tarpit = targets.index(r["ip"]) % 6 == 0
    for p in r["probes"]:
        if p["status"] == "error":
            errors.append((r["ip"], p["port"], p.get("detail")))
        if p["port"] == 80 and p["probe"] == "get_root":
            port80[("tarpit" if tarpit else "micro_httpd", p["status"])] += 1
print("port 80 GET / statuses:", dict(port80))
assert not errors, f"{len(errors)} probe(s) ended in error, e.g. {errors[:3]}"
bad = {k: n for k, n in port80.items() if k not in {("micro_httpd", "ok"), ("tarpit", "timeout")}}
assert not bad, f"hosts recorded wrongly (never reached?): {bad}"
PY
}
check "$WORK/low.jsonl" || fail "wrong statuses under a low descriptor limit"

scan --nofile=128:4096 "$WORK/raised.jsonl" 2>"$WORK/raised.err" || fail "scan failed: $(cat "$WORK/raised.err")"
if grep -q "RLIMIT_NOFILE" "$WORK/raised.err"; then fail "lowered although the soft limit could be raised"; fi
check "$WORK/raised.jsonl" || fail "wrong statuses after raising the soft limit"
echo "prober descriptor-limit e2e: passed"
