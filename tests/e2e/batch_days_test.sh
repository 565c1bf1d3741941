#!/usr/bin/env bash
# Issue 11 cases 5 and 6, end to end with `iotprobe batch` (loopback only, run inside
# scripts/netns-run; nothing listens, so every probe is refused at once):
#  5. a CSV whose day column holds two days is refused with file:line and the reason
#     unless --by-day, which makes one run per day with that day's rows (one address on
#     both days is a target on both);
#  6. rows tagged scanner / survey-org (as `extract --include-scanners` writes them) are
#     skipped unless --include-scanners; `batch --pcap` takes extract's --by-day/--tz and
#     scanner thresholds, and splits a two-day capture into one run per day.
set -euo pipefail
: "${IOTPROBE_BIN:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
fast=(--allow 127.0.0.0/8 --ssdp off --connect-timeout-ms 300 --transfer-deadline-ms 600
      --host-deadline-ms 1500 --quiet)

cat >"$work/two-days.csv" <<'CSV'
day,ip,mirai_syns,other_syns,udp,dst_ports,first_seen,last_seen,tag
2021-05-27,127.31.0.1,3,0,0,1,2021-05-27T00:00:10Z,2021-05-27T00:00:30Z,mirai
2021-05-27,127.31.0.2,9,0,0,40,2021-05-27T00:00:10Z,2021-05-27T00:00:30Z,scanner
2021-05-28,127.31.0.1,2,0,0,1,2021-05-28T00:00:10Z,2021-05-28T00:00:30Z,mirai
2021-05-28,127.31.0.3,1,0,0,1,2021-05-28T00:00:10Z,2021-05-28T00:00:30Z,mirai
CSV

# Case 5: mixed days without --by-day are refused before any run exists.
set +e
msg=$("$IOTPROBE_BIN" batch --input "$work/two-days.csv" --day 2021-05-27 --db "$work/refused.db" \
  "${fast[@]}" 2>&1 >/dev/null)
rc=$?
set -e
[[ $rc == 1 ]] || fail "mixed days: exit $rc, want 1 ($msg)"
[[ "$msg" == *"two-days.csv:4"* && "$msg" == *"2021-05-28"* && "$msg" == *"--by-day"* ]] ||
  fail "mixed days: the refusal names no file:line and reason: $msg"
[[ ! -e "$work/refused.db" ]] || python3 - "$work/refused.db" <<'PY' || fail "a run was created"
import sqlite3, sys
sys.exit(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM runs").fetchone()[0] != 0)
PY

# Cases 5 and 6: one run per day; the scanner row is skipped unless asked for.
"$IOTPROBE_BIN" batch --input "$work/two-days.csv" --by-day --db "$work/days.db" "${fast[@]}" >/dev/null
"$IOTPROBE_BIN" batch --input "$work/two-days.csv" --by-day --include-scanners --new-run \
  --db "$work/with-scanners.db" "${fast[@]}" >/dev/null
python3 - "$work" <<'PY' || fail "runs per day differ"
import sqlite3, sys
def runs(db):
    c = sqlite3.connect(f"{sys.argv[1]}/{db}")
    return c.execute("SELECT r.day, group_concat(h.ip, ' ') FROM runs r JOIN hosts h "
                     "ON h.run_id = r.id GROUP BY r.id ORDER BY r.day").fetchall()
got = runs("days.db")
want = [("2021-05-27", "127.31.0.1"), ("2021-05-28", "127.31.0.1 127.31.0.3")]
assert [(d, " ".join(sorted(i.split()))) for d, i in got] == want, got
got = runs("with-scanners.db")
assert sorted(got[0][1].split()) == ["127.31.0.1", "127.31.0.2"], got
print("one run per day:", want)
PY

# Case 6: batch --pcap with extract's options; a capture over two days (in +09:00).
python3 - "$work/two-days.pcap" <<'PY'
import socket, struct, sys
def ip(a): return struct.unpack("!I", socket.inet_aton(a))[0]
def syn(src, dst):
    tcp = struct.pack("!HHIIBBHHH", 40000, 23, ip(dst), 0, 5 << 4, 0x02, 1024, 0, 0)
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 1, 0, 64, 6, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    return b"\x00" * 12 + b"\x08\x00" + iph + tcp
base = 1622073600  # 2021-05-27T00:00:00Z = 09:00 in +09:00
packets = [(10, syn("127.32.0.1", "203.0.113.1")),          # 2021-05-27 (UTC and +09:00)
           (15 * 3600 + 10, syn("127.32.0.2", "203.0.113.2"))]  # 15:00Z: 2021-05-28 in +09:00
with open(sys.argv[1], "wb") as out:
    out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for seconds, data in packets:
        out.write(struct.pack("<IIII", base + seconds, 0, len(data), len(data)) + data)
PY
"$IOTPROBE_BIN" batch --pcap "$work/two-days.pcap" --day 2021-05-27 --db "$work/pcap-utc.db" \
  --min-scanner-ports 5 --min-scanner-packets 100 "${fast[@]}" >/dev/null ||
  fail "a one-day capture (UTC) for --day was refused"
set +e
msg=$("$IOTPROBE_BIN" batch --pcap "$work/two-days.pcap" --tz +09:00 --day 2021-05-27 \
  --db "$work/pcap-refused.db" "${fast[@]}" 2>&1 >/dev/null)
rc=$?
set -e
[[ $rc == 1 && "$msg" == *"2021-05-28"* && "$msg" == *"--by-day"* ]] ||
  fail "a two-day capture (+09:00) without --by-day: exit $rc: $msg"
"$IOTPROBE_BIN" batch --pcap "$work/two-days.pcap" --tz +09:00 --by-day --db "$work/pcap.db" \
  "${fast[@]}" >/dev/null
python3 - "$work/pcap.db" <<'PY' || fail "pcap runs per day differ"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
got = c.execute("SELECT r.day, group_concat(h.ip) FROM runs r JOIN hosts h ON h.run_id = r.id "
                "GROUP BY r.id ORDER BY r.day").fetchall()
assert got == [("2021-05-27", "127.32.0.1"), ("2021-05-28", "127.32.0.2")], got
print("pcap runs per day:", got)
PY
echo "batch days e2e: passed"
