#!/usr/bin/env bash
# Fault injection (issue 14), a database file the batch cannot use: read-only (file and
# folder), not a database (random bytes, a text file), or a store cut short. Each is refused
# at start with an error naming the file, before any target is probed, and the file keeps
# its bytes and mtime. As root, permissions bind nobody, so the read-only case runs the
# batch as the unprivileged user `nobody` (setpriv).
# Run inside scripts/netns-run; nothing here reaches the network (no mock is needed).
set -euo pipefail
: "${IOTPROBE_BIN:?IOTPROBE_BIN must name the iotprobe binary}"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
chmod 755 "$work"
day=2021-05-27
fail() { echo "FAIL: $*"; exit 1; }
printf 'ip\n127.9.0.1\n' >"$work/input.csv"
chmod 644 "$work/input.csv"

fingerprint() { echo "$(sha256sum <"$1" | cut -c1-64) $(stat -c %Y.%y "$1")"; }

# usage: refused NAME DB PATTERN [runner…] -> the batch on DB exits 1 naming DB and PATTERN,
# probes nothing, and leaves DB's bytes and mtime as they were.
refused() {
  local name=$1 db=$2 pattern=$3
  shift 3
  local before status=0
  before=$(fingerprint "$db")
  "$@" "$IOTPROBE_BIN" batch --input "$work/input.csv" --day "$day" --db "$db" \
    --allow 127.0.0.0/8 --quiet >"$work/out" 2>"$work/err" || status=$?
  echo "$name: exit $status: $(head -c 200 "$work/err")"
  [[ $status == 1 ]] || fail "$name: exit $status, expected 1"
  grep -q -- "$db" "$work/err" || fail "$name: the error does not name $db"
  grep -qi -- "$pattern" "$work/err" || fail "$name: the error does not say '$pattern'"
  [[ ! -s $work/out ]] || fail "$name: the batch printed a summary: it ran"
  [[ $(fingerprint "$db") == "$before" ]] || fail "$name: $db was changed"
}

# A real, small store to damage: one run over an unreachable input (nothing listens).
"$IOTPROBE_BIN" batch --input "$work/input.csv" --day "$day" --db "$work/good.db" \
  --allow 127.0.0.0/8 --quiet --connect-timeout-ms 200 --transfer-deadline-ms 300 \
  --host-deadline-ms 500 >/dev/null
size=$(stat -c %s "$work/good.db")
touch -d '2020-01-01 00:00:00' "$work/good.db"

head -c 8192 /dev/urandom >"$work/random.db"
refused "random bytes" "$work/random.db" "not a database"
printf 'day,ip\n2021-05-27,127.0.0.1\n' >"$work/text.db"
refused "a text file" "$work/text.db" "not a database"
head -c $((size / 2)) "$work/good.db" >"$work/short.db"
touch -d '2020-01-01 00:00:00' "$work/short.db"
refused "a store cut in half" "$work/short.db" "malformed"

mkdir "$work/ro"
cp -p "$work/good.db" "$work/ro/store.db"
chmod 444 "$work/ro/store.db"
chmod 555 "$work/ro"
runner=()
if [[ $(id -u) == 0 ]]; then
  command -v setpriv >/dev/null || { echo "SKIPPED: root without setpriv cannot test read-only files"; exit 77; }
  runner=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  "${runner[@]}" true 2>/dev/null || runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
refused "a read-only file in a read-only folder" "$work/ro/store.db" "read-only" "${runner[@]}"
chmod 755 "$work/ro"
refused "a read-only file" "$work/ro/store.db" "read-only" "${runner[@]}"
echo "store bad-file e2e: passed"
