# e2e (issue 5): 5,000 hosts (1,000 with IOTPROBE_E2E_SCALE=small) with 10% tarpits finish
# within twice the tarpit-free time plus one per-host deadline (generous: tarpits that
# stalled the others would cost a deadline per in-flight batch), and every host gets
# exactly one result line.
source "$(dirname "$0")/prober_lib.sh"

# The sanitizer pass runs 1,000 hosts at once under ASan on a loaded machine: there a 3 s
# deadline timed out 26 ordinary hosts too (seen at load 12), so it gets 10 s; tarpits
# still hold for longer than any deadline.
N=$(scaled 5000 1000); TARPITS=$((N / 10)); DEADLINE_MS=$(scaled 3000 10000)
personas=(logitec_router micro_httpd wificam nvms9000 gpon apache_default closed_ports realtek_generic)
hosts=(); : >"$WORK/clean.txt"; : >"$WORK/all.txt"
for ((k = 0; k < N; k++)); do
  ip="127.$((20 + k / 250)).$((k % 250 + 1)).1"
  if ((k % 10 == 0)); then
    hosts+=(--host "tarpit@$ip")
  else
    hosts+=(--host "${personas[k % ${#personas[@]}]}@$ip"); echo "$ip" >>"$WORK/clean.txt"
  fi
  echo "$ip" >>"$WORK/all.txt"
done
start_mock "${hosts[@]}"

# Ports 80 and 52869 (both tarpitted by the tarpit persona), no SSDP: the test is about
# tarpits not stalling the others, so each host's own work is kept small.
flags=(--quiet --allow 127.0.0.0/8 --port-map "$PORT_MAP" --connect-rate 100000
       --max-in-flight 1000 --host-deadline-ms $DEADLINE_MS --transfer-deadline-ms $DEADLINE_MS
       --connect-timeout-ms 2000 --ports 80,52869 --ssdp off)
now_ms() { date +%s%3N; }
# The machine is shared, so a run pair that misses the bound is measured once more.
for attempt in 1 2; do
  t0=$(now_ms); "$IOTPROBE_BIN" scan --input "$WORK/clean.txt" --jsonl "$WORK/clean.jsonl" "${flags[@]}"
  t1=$(now_ms); "$IOTPROBE_BIN" scan --input "$WORK/all.txt" --jsonl "$WORK/all.jsonl" "${flags[@]}"
  t2=$(now_ms)
  clean=$((t1 - t0)); all=$((t2 - t1)); limit=$(( (clean + DEADLINE_MS) * 2 ))
  echo "attempt $attempt: tarpit-free $((N - TARPITS)) hosts in ${clean} ms; with $TARPITS tarpits $N hosts in ${all} ms; limit ${limit} ms"
  ((all <= limit)) && break
done
[[ $(wc -l <"$WORK/clean.jsonl") -eq $((N - TARPITS)) ]] || fail "clean run lost hosts"
[[ $(wc -l <"$WORK/all.jsonl") -eq $N ]] || fail "full run has $(wc -l <"$WORK/all.jsonl") lines, expected $N"
[[ $(python3 -c 'import json,sys; print(len({json.loads(l)["ip"] for l in open(sys.argv[1])}))' "$WORK/all.jsonl") -eq $N ]] \
  || fail "duplicate or missing hosts in output"
((all <= limit)) || fail "tarpits stalled the run: ${all} ms > ${limit} ms"
tarpit_timeouts=$(python3 - "$WORK/all.jsonl" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    h = json.loads(l)
    if any(p["port"] == 80 and p["probe"] == "get_root" and p["status"] == "timeout" for p in h["probes"]):
        n += 1
print(n)
PY
)
[[ $tarpit_timeouts -eq $TARPITS ]] || fail "expected $TARPITS tarpit timeouts on 80, got $tarpit_timeouts"
