#!/usr/bin/env bash
# `--shard`, `--shards` and `--seed` from the command line (issue 16), through `scan
# --dry-run`, which sends nothing: the shards of a 1024-address list are disjoint and cover
# it, `--shards n` takes the index from JOB_COMPLETION_INDEX, else SLURM_ARRAY_TASK_ID,
# and bad values are usage errors (exit 2) that say why. Also `merge`'s input errors.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for i in $(seq 0 1023); do echo "198.51.$((100 + i / 256)).$((i % 256))"; done >"$work/list.txt"
# The addresses a dry run lists (ACCEPT or REFUSE: documentation ranges are refused).
listed() { "$bin" scan --input "$work/list.txt" --dry-run "$@" | awk '$1 == "ACCEPT" || $1 == "REFUSE" {print $2}'; }

listed | sort >"$work/all"
[[ $(wc -l <"$work/all") == 1024 ]] || fail "the unsharded dry run lists $(wc -l <"$work/all") addresses"
for i in 0 1 2 3; do listed --shard "$i/4" --seed 9 >"$work/shard$i"; done
sort "$work"/shard? | uniq -d >"$work/overlap"
[[ ! -s "$work/overlap" ]] || fail "shards overlap: $(head -3 "$work/overlap")"
sort "$work"/shard? | cmp -s - "$work/all" || fail "the shards do not cover the list"
for i in 0 1 2 3; do
  n=$(wc -l <"$work/shard$i")
  (( n > 200 && n < 312 )) || fail "shard $i holds $n of 1024"
done
JOB_COMPLETION_INDEX=2 SLURM_ARRAY_TASK_ID=0 listed --shards 4 --seed 9 | cmp -s - "$work/shard2" \
  || fail "--shards 4 with JOB_COMPLETION_INDEX=2 is not shard 2/4"
SLURM_ARRAY_TASK_ID=3 listed --shards 4 --seed 9 | cmp -s - "$work/shard3" \
  || fail "--shards 4 with SLURM_ARRAY_TASK_ID=3 is not shard 3/4"
listed --shard 2/4 --seed 10 | cmp -s - "$work/shard2" && fail "another seed gave the same shard"

usage_error() {  # usage_error EXPECTED-TEXT ARGS...: exit 2 with EXPECTED-TEXT on stderr
  local want=$1 rc=0
  shift
  env -u JOB_COMPLETION_INDEX -u SLURM_ARRAY_TASK_ID "$bin" scan --input "$work/list.txt" --dry-run "$@" \
    >/dev/null 2>"$work/err" || rc=$?
  [[ $rc == 2 ]] || fail "scan $* exited $rc, not 2"
  grep -qF -- "$want" "$work/err" || fail "scan $*: no '$want' in: $(cat "$work/err")"
}
usage_error "must be below n=4" --shard 4/4
usage_error "is not i/n" --shard 1-4
usage_error "neither is set" --shards 4
usage_error "not both" --shard 0/4 --shards 4
SLURM_ARRAY_TASK_ID=7 "$bin" scan --input "$work/list.txt" --dry-run --shards 4 >/dev/null 2>"$work/err" \
  && fail "an index beyond --shards was accepted"
grep -qF "SLURM_ARRAY_TASK_ID=7 is not below --shards 4" "$work/err" || fail "index error: $(cat "$work/err")"

rc=0
"$bin" merge "$work/out.db" "$work/missing.db" 2>"$work/err" || rc=$?
[[ $rc == 1 ]] && grep -qF "no store at $work/missing.db" "$work/err" || fail "merge of a missing input: $rc $(cat "$work/err")"
[[ ! -e "$work/out.db" ]] || fail "a failed merge left OUT behind"
echo "shard CLI: ok"
