#!/usr/bin/env bash
# e2e (issue 13): `follow --pcap FILE` on a capture that is still being written: read like
# tail -f (bytes appended mid-record are picked up at the next poll), then rotated (the file
# renamed away and a new capture, with its own file header, created at the path). Every
# Mirai source of both files is probed exactly once; SIGTERM ends the run with 143.
# Run inside scripts/netns-run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/follow_lib.sh"
work=${STORE_KEEP:-$(mktemp -d)}
trap 'stop_mock; [[ -n "${follow_pid:-}" ]] && kill -9 "$follow_pid" 2>/dev/null; [[ -n "${STORE_KEEP:-}" ]] || rm -rf "$work"' EXIT

start_follow_fleet "$work" 60 43
first_infected "$work" 10 "$work/ips.txt"
now=$(date +%s)
head -n 5 "$work/ips.txt" | awk -v t="$now" '{print t " mirai " $1 " 203.0.113.1 23"}' >"$work/one.txt"
tail -n 5 "$work/ips.txt" | awk -v t="$now" '{print t " mirai " $1 " 203.0.113.2 23"}' >"$work/two.txt"
write_plan_pcap "$work/one.txt" "$work/one.pcap"
write_plan_pcap "$work/two.txt" "$work/two.pcap"
count() { sql "$work/rot.db" "SELECT count(*) FROM hosts" 2>/dev/null || echo 0; }
wait_hosts() {
  local deadline=$((SECONDS + 120))
  until (( $(count) >= $1 )); do
    kill -0 "$follow_pid" 2>/dev/null || { cat "$work/rot.err"; echo "FAIL: follow ended"; exit 1; }
    (( SECONDS < deadline )) || { echo "FAIL: $(count) of $1 hosts after 120 s"; exit 1; }
    sleep 0.1
  done
}

# The first capture arrives in two writes, the split inside a record.
head -c 100 "$work/one.pcap" >"$work/live.pcap"
"$IOTPROBE_BIN" follow --pcap "$work/live.pcap" --poll-ms 100 --db "$work/rot.db" "${follow_args[@]}" \
  2>"$work/rot.err" &
follow_pid=$!
sleep 0.5
tail -c +101 "$work/one.pcap" >>"$work/live.pcap"
wait_hosts 5
mv "$work/live.pcap" "$work/live.pcap.1"
cp "$work/two.pcap" "$work/live.tmp" && mv "$work/live.tmp" "$work/live.pcap"
wait_hosts 10
kill -TERM "$follow_pid"
status=0
wait "$follow_pid" || status=$?
follow_pid=""
grep '^follow:' "$work/rot.err" | tail -n 2
[[ $status == 143 ]] || { cat "$work/rot.err"; echo "FAIL: SIGTERM gave exit $status"; exit 1; }
got=$(sql "$work/rot.db" "SELECT count(DISTINCT ip) || ' ' || count(*) FROM hosts")
[[ "$got" == "10 10" ]] || { echo "FAIL: hosts (distinct, rows) = $got, want 10 10"; exit 1; }
echo "follow rotation e2e: passed: 5 hosts from the growing file, 5 after its rotation, each once"
