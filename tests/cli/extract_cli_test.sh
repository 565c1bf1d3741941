#!/usr/bin/env bash
# `iotprobe extract` from the command line on a capture this script writes itself:
# two Mirai sources, a non-Mirai SYN, SYN-ACK backscatter and a low source port.
# Asserts the exact CSV rows, and exit 1 with rows kept for a truncated capture.
set -euo pipefail
bin=$1 config=$2  # the shipped iotprobe.conf; later lines override earlier ones
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 - "$work/day.pcap" <<'PY'
import socket, struct, sys
def ip(a): return struct.unpack("!I", socket.inet_aton(a))[0]
def frame(src, dst, sport, dport, seq, flags):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags, 1024, 0, 0)
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 1, 0, 64, 6, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    return b"\x00" * 12 + b"\x08\x00" + iph + tcp
SYN, SYNACK = 0x02, 0x12
packets = [  # (seconds since 2021-05-27T00:00Z, frame)
    (10, frame("198.51.100.7", "203.0.113.1", 40000, 23, ip("203.0.113.1"), SYN)),
    (20, frame("198.51.100.7", "203.0.113.2", 40001, 2323, ip("203.0.113.2"), SYN)),
    (30, frame("198.51.100.7", "203.0.113.3", 40002, 23, 12345, SYN)),
    (40, frame("203.0.113.9", "203.0.113.4", 5555, 23, ip("203.0.113.4"), SYN)),
    (50, frame("192.0.2.5", "203.0.113.5", 80, 40000, ip("203.0.113.5"), SYNACK)),
    (60, frame("192.0.2.6", "203.0.113.6", 1024, 23, ip("203.0.113.6"), SYN)),
]
base = 1622073600  # 2021-05-27T00:00:00Z
with open(sys.argv[1], "wb") as out:
    out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for seconds, data in packets:
        out.write(struct.pack("<IIII", base + seconds, 0, len(data), len(data)) + data)
PY

expected='day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag
2021-05-27,198.51.100.7,2,2,1,0,2,2021-05-27T00:00:10Z,2021-05-27T00:00:30Z,mirai
2021-05-27,203.0.113.9,1,1,0,0,1,2021-05-27T00:00:40Z,2021-05-27T00:00:40Z,mirai'
out=$("$bin" extract --pcap "$work/day.pcap" 2>/dev/null)
[[ "$out" == "$expected" ]] || fail "rows differ:"$'\n'"$out"

# The scanner thresholds come from the config (scanner_min_ports/_packets); flags win.
{ cat "$config"; printf 'scanner_min_ports = 2\nscanner_min_packets = 3\n'; } > "$work/low.conf"
low=$("$bin" extract --config "$work/low.conf" --pcap "$work/day.pcap" 2>/dev/null)
grep -q '198.51.100.7' <<<"$low" && fail "config thresholds ignored: $low"
grep -q '203.0.113.9' <<<"$low" || fail "below-threshold source lost: $low"
flag=$("$bin" extract --config "$work/low.conf" --min-scanner-packets 4 --pcap "$work/day.pcap" 2>/dev/null)
[[ "$flag" == "$expected" ]] || fail "flag did not override the config: $flag"

head -c -20 "$work/day.pcap" > "$work/cut.pcap"
set +e
cut=$("$bin" extract --pcap "$work/cut.pcap" 2>"$work/err"); rc=$?
set -e
[[ $rc == 1 ]] || fail "truncated capture exit $rc"
grep -q '198.51.100.7' <<<"$cut" || fail "rows read before the truncation were lost"
grep -qi 'trunc' "$work/err" || fail "no truncation message: $(cat "$work/err")"
echo "extract CLI: ok"
