#!/usr/bin/env bash
# Issue 11 (HTTPS), end to end: GET / over TLS on 443 (mapped to a loopback port), with
# self-signed certificates made now by the openssl CLI and served by a python3 stdlib
# server. Day 1: a GPON ONT and a DrayTek Vigor, each with its own certificate, answer
# only over HTTPS; both families are identified, and the certificate fields and SHA-256
# (compared with `openssl x509 -fingerprint -sha256`) are stored and shown by lookup and
# export. Day 2: the GPON's certificate answers at another address: churn counts one
# tls_cert device across the two addresses, not a new one. Two Vigors showing one vendor
# certificate at once make it a shared key (the clone re-probe over HTTPS), not a device.
# Run inside scripts/netns-run: every address is 127.43.0.x.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${IOTPROBE_BIN:?IOTPROBE_BIN must name the iotprobe binary}"
work=$(mktemp -d)
server_pid=""
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# usage: make_cert NAME SUBJECT   (writes NAME.crt and NAME.key, valid one day)
make_cert() {
  openssl req -x509 -newkey rsa:2048 -nodes -subj "$2" -days 1 \
    -keyout "$work/$1.key" -out "$work/$1.crt" 2>/dev/null
}
sha256_of() {
  openssl x509 -in "$work/$1.crt" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr A-F a-f
}

# usage: start_server ADDRESS=CERTNAME,PAGE...   (sets port)
start_server() {
  local args=() spec
  for spec in "$@"; do
    local address=${spec%%=*} rest=${spec#*=}
    args+=("$address=$work/${rest%%,*}.crt,$work/${rest%%,*}.key,${rest#*,}")
  done
  python3 "$here/https_server.py" 0 "${args[@]}" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do
    port=$(sed -n 's/^ready //p' "$work/server.log")
    [[ -n "$port" ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/server.log" >&2
  fail "the HTTPS server did not start"
}

run_batch() {  # usage: run_batch DAY ADDRESS...
  local day=$1
  shift
  { echo "day,ip"; for ip in "$@"; do echo "$day,$ip"; done; } >"$work/$day.csv"
  "$IOTPROBE_BIN" batch --input "$work/$day.csv" --day "$day" --db "$work/store.db" \
    --allow 127.0.0.0/8 --ports 443 --port-map "443=$port" --ssdp off --quiet \
    --host-deadline-ms 8000 --connect-timeout-ms 2000 --transfer-deadline-ms 4000 >"$work/$day.out"
  cat "$work/$day.out"
}

make_cert gpon "/O=DZS/CN=GPON ONT 4A5B6C"
make_cert vigor "/C=TW/O=DrayTek Corp./CN=Vigor Router"
make_cert vendor "/O=DrayTek Corp./CN=Vigor default"
gpon_hash=$(sha256_of gpon)
vendor_hash=$(sha256_of vendor)

start_server 127.43.0.1=gpon,gpon 127.43.0.2=vigor,vigor
run_batch 2021-05-27 127.43.0.1 127.43.0.2
stop_server
start_server 127.43.0.3=gpon,gpon 127.43.0.2=vigor,vigor 127.43.0.4=vendor,vigor \
  127.43.0.5=vendor,vigor
run_batch 2021-05-28 127.43.0.3 127.43.0.2 127.43.0.4 127.43.0.5
stop_server

grep -q "devices vs IPs: 2 unique device(s) behind 2 address(es) that served a UPnP description, SSDP reply or self-signed certificate (0 HTTP-only" \
  "$work/2021-05-27.out" || fail "the day 1 summary does not count certificate hosts as able to hold a device"
grep -q "reclassified sha256:$vendor_hash as shared (simultaneous_answer)" "$work/2021-05-28.out" ||
  fail "the vendor certificate at two addresses at once was not found shared"
"$IOTPROBE_BIN" lookup ip 127.43.0.1 --db "$work/store.db" --json >"$work/gpon.json"
"$IOTPROBE_BIN" lookup ip 127.43.0.2 --db "$work/store.db" --json >"$work/vigor.json"
"$IOTPROBE_BIN" lookup ip 127.43.0.1 --db "$work/store.db" | tee "$work/gpon.txt"
grep -q "cert 443 sha256 $gpon_hash subject \"O = DZS, CN = GPON ONT 4A5B6C\"" "$work/gpon.txt" ||
  fail "lookup ip does not print the certificate"
"$IOTPROBE_BIN" export --format csv --db "$work/store.db" >"$work/export.csv"
grep -q "^2021-05-27,127.43.0.1,.*,gpon,.*,tls_cert,$gpon_hash,[^,]*,[^,]*\$" "$work/export.csv" ||
  fail "export does not carry the certificate: $(cat "$work/export.csv")"
"$IOTPROBE_BIN" churn --from 2021-05-27 --to 2021-05-28 --db "$work/store.db" --no-country --json \
  >"$work/churn.json"
"$IOTPROBE_BIN" churn --from 2021-05-27 --to 2021-05-28 --db "$work/store.db" --no-country

python3 - "$work" "$gpon_hash" "$vendor_hash" \
  "$(openssl x509 -in "$work/gpon.crt" -noout -startdate | sed 's/.*=//')" <<'PY'
import datetime, json, sqlite3, sys
work, gpon_hash, vendor_hash, not_before = sys.argv[1:5]
gpon = json.load(open(f"{work}/gpon.json"))["hosts"][0]
assert gpon["family"] == "gpon", gpon
cert = gpon["certificates"][0]
assert cert["port"] == 443 and cert["status"] == "ok", cert
assert cert["sha256"] == gpon_hash, (cert["sha256"], gpon_hash)
assert cert["subject"] == "O = DZS, CN = GPON ONT 4A5B6C" == cert["issuer"], cert
iso = datetime.datetime.strptime(not_before, "%b %d %H:%M:%S %Y GMT").strftime("%Y-%m-%dT%H:%M:%SZ")
assert cert["not_before"] == iso, (cert["not_before"], iso)
assert cert["not_after"] > cert["not_before"], cert
assert gpon["device"] == {"udn": f"sha256:{gpon_hash}", "shared": False, "shared_reason": None,
                          "identity_kind": "tls_cert"}, gpon["device"]
assert any(p["probe"] == "https_get_root" and p["title"] == "GPON Home Gateway"
           for p in gpon["probes"]), gpon["probes"]
vigor = json.load(open(f"{work}/vigor.json"))["hosts"]
assert [h["family"] for h in vigor] == ["draytek-vigor"] * 2, vigor
assert vigor[0]["device"]["identity_kind"] == "tls_cert", vigor[0]

db = sqlite3.connect(f"{work}/store.db")
ips = db.execute("SELECT group_concat(s.ip || '@' || s.day, ' ') FROM devices d JOIN sightings s "
                 "ON s.device_id = d.id WHERE d.udn = ? ORDER BY s.day", (f"sha256:{gpon_hash}",)).fetchone()
assert ips == ("127.43.0.1@2021-05-27 127.43.0.3@2021-05-28",), ips
shared = db.execute("SELECT shared, shared_reason, identity_kind FROM devices WHERE udn = ?",
                    (f"sha256:{vendor_hash}",)).fetchone()
assert shared == (1, "simultaneous_answer", "tls_cert"), shared

rows = {(r["day"], r["family"]): r for r in json.load(open(f"{work}/churn.json"))}
day1, day2 = rows[("2021-05-27", "gpon")], rows[("2021-05-28", "gpon")]
assert (day1["devices"], day1["new_devices"], day1["weak_identity_devices"]) == (1, 1, 1), day1
assert (day2["devices"], day2["new_devices"], day2["vanished_devices"]) == (1, 0, 0), day2
vig2 = rows[("2021-05-28", "draytek-vigor")]
assert (vig2["ips"], vig2["devices"], vig2["unattributed_hosts"]) == (3, 1, 2), vig2
print("ok: gpon and draytek-vigor over HTTPS; one tls_cert device across two addresses;"
      " the vendor certificate is shared")
PY
