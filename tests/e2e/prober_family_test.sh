# e2e (issue 5): every well-formed persona gets the family its manifest says (100%),
# and the unknown personas get no family. Each persona is served at two addresses.
source "$(dirname "$0")/prober_lib.sh"

hosts=(); expect="$WORK/expect.txt"; : >"$expect"; : >"$WORK/targets.txt"
i=1
for dir in "$PERSONAS_DIR"/*/; do
  name="$(basename "$dir")"
  family="$(persona_family "$name")"
  [[ "$family" == hostile ]] && continue
  for copy in 1 2; do
    ip="127.0.$((10 + copy)).$i"
    hosts+=(--host "$name@$ip")
    echo "$ip $name $family" >>"$expect"
    echo "$ip" >>"$WORK/targets.txt"
  done
  i=$((i + 1))
done
[[ $(wc -l <"$expect") -ge 20 ]] || fail "too few personas found in $PERSONAS_DIR"
start_mock "${hosts[@]}"

"$IOTPROBE_BIN" scan --input "$WORK/targets.txt" --jsonl "$WORK/out.jsonl" --quiet \
  --allow 127.0.0.0/8 --port-map "$PORT_MAP" --profile extended \
  --host-deadline-ms 20000 --transfer-deadline-ms 6000 --connect-timeout-ms 5000

python3 - "$expect" "$WORK/out.jsonl" <<'PY'
import json, sys
expect = {ip: (name, fam) for ip, name, fam in (l.split() for l in open(sys.argv[1]))}
seen, bad = {}, []
for line in open(sys.argv[2]):
    h = json.loads(line)
    assert h["schema"] == "iotprobe.host/1", h["schema"]
    seen[h["ip"]] = h["verdict"]["family"]
missing = sorted(set(expect) - set(seen))
if missing: bad.append(f"no result for {missing}")
known = unknown = 0
for ip, (name, fam) in sorted(expect.items()):
    got = seen.get(ip)
    if fam == "unknown":
        unknown += 1
        if got is not None: bad.append(f"{ip} {name}: expected no family, got {got}")
    else:
        known += 1
        if got != fam: bad.append(f"{ip} {name}: expected {fam}, got {got}")
print(f"{known} well-formed hosts, {unknown} unknown hosts, {len(bad)} wrong")
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY
